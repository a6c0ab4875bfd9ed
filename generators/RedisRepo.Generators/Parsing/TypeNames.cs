using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>How symbols are written into generated code.</summary>
    internal static class TypeNames
    {
        /// <summary><c>global::</c>-qualified, with nullable reference annotations as declared.</summary>
        public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static string Of(ITypeSymbol type) => type.ToDisplayString(Qualified);

        /// <summary>Parameter names the generated members use themselves.</summary>
        private static readonly string[] Reserved = { "cancellationToken", "keys", "entity", "entities", "pageSize", "operation", "parameterName", "batch", "batchSize", "factory" };

        /// <summary>
        /// A camelCase parameter name for a key property, escaped with @ if it is a keyword, and
        /// suffixed with "Key" if it would clash with a parameter the generated members declare.
        /// </summary>
        /// <summary>A type name without its nullable annotation (<c>int?</c> is <c>int</c>).</summary>
        public static string WithoutNullable(string type) =>
            type.EndsWith("?", System.StringComparison.Ordinal) ? type.Substring(0, type.Length - 1) : type;

        public static string ParameterName(string propertyName)
        {
            string name = propertyName.Length == 1
                ? propertyName.ToLowerInvariant()
                : char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);
            if (System.Array.IndexOf(Reserved, name) >= 0)
            {
                return name + "Key";
            }

            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
                ? "@" + name
                : name;
        }
    }
}
