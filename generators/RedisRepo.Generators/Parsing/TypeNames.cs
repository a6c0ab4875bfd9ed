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

        /// <summary>A camelCase parameter name for a property, escaped with @ if it is a keyword.</summary>
        public static string ParameterName(string propertyName)
        {
            string name = propertyName.Length == 1
                ? propertyName.ToLowerInvariant()
                : char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);
            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
                ? "@" + name
                : name;
        }
    }
}
