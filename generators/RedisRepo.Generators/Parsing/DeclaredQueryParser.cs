using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Reads the methods a user declares on a partial interface, the candidates for derived query
    /// methods: which repository they belong to is decided later, against the models.
    /// </summary>
    internal static class DeclaredQueryParser
    {
        private static readonly SymbolDisplayFormat TypeFormat =
            SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>A partial interface whose name ends with "Repository" and that declares methods.</summary>
        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is InterfaceDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
            && declaration.Identifier.ValueText.EndsWith("Repository", System.StringComparison.Ordinal)
            && declaration.Members.OfType<MethodDeclarationSyntax>().Any();

        public static DeclaredQueries? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (InterfaceDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
            {
                return null;
            }

            var methods = declaration.Members.OfType<MethodDeclarationSyntax>()
                .Select(syntax => (Syntax: syntax, Symbol: context.SemanticModel.GetDeclaredSymbol(syntax, cancellationToken)))
                .Where(m => m.Symbol is not null)
                .Select(m => new DeclaredMethod(
                    m.Symbol!.Name,
                    m.Symbol.ReturnType.ToDisplayString(TypeFormat),
                    m.Symbol.Parameters.Select((p, i) => new DeclaredParameter(
                        p.Name,
                        p.Type.ToDisplayString(TypeFormat),
                        ElementType(p.Type),
                        m.Syntax.ParameterList.Parameters[i].Default?.Value.ToString())).ToEquatableArray(),
                    LocationInfo.From(m.Syntax.Identifier.GetLocation())))
                .ToEquatableArray();
            return new DeclaredQueries(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), methods);
        }

        /// <summary>The element type of a collection parameter (an array or an IEnumerable&lt;T&gt;, not a string), or null.</summary>
        private static string? ElementType(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType.ToDisplayString(TypeFormat);
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                return null;
            }

            INamedTypeSymbol? enumerable = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } self
                ? self
                : type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
            return enumerable?.TypeArguments[0].ToDisplayString(TypeFormat);
        }
    }
}
