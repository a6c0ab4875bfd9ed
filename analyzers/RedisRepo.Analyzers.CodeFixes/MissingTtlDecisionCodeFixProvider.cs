using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers.CodeFixes
{
    /// <summary>
    /// RR1002 fixes: add <c>[Ttl(Hours = 1)]</c> (a placeholder, marked with a TODO comment) or
    /// <c>[Persistent]</c> on its own line after <c>[RedisKey]</c>, with <c>using RedisRepo;</c> when
    /// the attribute is not in scope yet.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingTtlDecisionCodeFixProvider)), Shared]
    public sealed class MissingTtlDecisionCodeFixProvider : CodeFixProvider
    {
        public const string AddTtlKey = DiagnosticDescriptors.MissingTtlDecisionId + ".AddTtl";
        public const string AddPersistentKey = DiagnosticDescriptors.MissingTtlDecisionId + ".AddPersistent";

        /// <summary>The comment after the added [Ttl]: its value is a guess the developer has to make.</summary>
        public const string TtlTodo = "// TODO: choose how long entities live (1 hour is a placeholder)";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.MissingTtlDecisionId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add [Ttl(...)]",
                        ct => AddAttributeAsync(context.Document, declaration, "RedisRepo.TtlAttribute", "(Hours = 1)", TtlTodo, ct),
                        AddTtlKey),
                    diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add [Persistent]",
                        ct => AddAttributeAsync(context.Document, declaration, "RedisRepo.PersistentAttribute", null, null, ct),
                        AddPersistentKey),
                    diagnostic);
            }
        }

        private static async Task<Document> AddAttributeAsync(
            Document document,
            TypeDeclarationSyntax declaration,
            string attributeMetadataName,
            string? arguments,
            string? comment,
            CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            INamedTypeSymbol? attributeType = semanticModel?.Compilation.GetTypeByMetadataName(attributeMetadataName);
            if (root is not CompilationUnitSyntax compilationUnit || semanticModel is null || attributeType is null || declaration.AttributeLists.Count == 0)
            {
                return document;
            }

            string shortName = attributeType.Name.Substring(0, attributeType.Name.Length - "Attribute".Length);
            NamespaceImports.TypeName name = NamespaceImports.Resolve(semanticModel, declaration.SpanStart, attributeType, shortName);
            int anchor = RedisKeyList(declaration, semanticModel, cancellationToken);
            AttributeListSyntax anchorList = declaration.AttributeLists[anchor];

            AttributeSyntax attribute = SyntaxFactory.Attribute(
                SyntaxFactory.ParseName(name.Text),
                arguments is null ? null : SyntaxFactory.ParseAttributeArgumentList(arguments));
            // Brackets without elastic trivia, so the formatter leaves the layout below alone.
            AttributeListSyntax list = SyntaxFactory.AttributeList(
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBracketToken, SyntaxFactory.TriviaList()),
                null,
                SyntaxFactory.SingletonSeparatedList(attribute),
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseBracketToken, SyntaxFactory.TriviaList()));

            SyntaxTrivia endOfLine = NamespaceImports.EndOfLine(root);
            if (anchorList.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                // One attribute per line, indented like [RedisKey].
                var indentation = anchorList.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
                list = list.WithLeadingTrivia(indentation);
                list = comment is null
                    ? list.WithTrailingTrivia(endOfLine)
                    : list.WithTrailingTrivia(SyntaxFactory.Space, SyntaxFactory.Comment(comment), endOfLine);
            }
            else
            {
                // [RedisKey("...")] public class X: stay on the line.
                list = list.WithTrailingTrivia(SyntaxFactory.Space);
            }

            TypeDeclarationSyntax updated = declaration.WithAttributeLists(declaration.AttributeLists.Insert(anchor + 1, list));
            var newRoot = compilationUnit.ReplaceNode(declaration, updated);
            if (name.NamespaceToImport is { } ns)
            {
                newRoot = NamespaceImports.AddUsing(newRoot, ns);
            }

            return document.WithSyntaxRoot(newRoot);
        }

        // The index of the attribute list holding [RedisKey] (the last list when it cannot be told).
        private static int RedisKeyList(TypeDeclarationSyntax declaration, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            INamedTypeSymbol? redisKey = semanticModel.Compilation.GetTypeByMetadataName("RedisRepo.RedisKeyAttribute");
            for (int i = 0; i < declaration.AttributeLists.Count; i++)
            {
                foreach (AttributeSyntax attribute in declaration.AttributeLists[i].Attributes)
                {
                    if (semanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol constructor
                        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, redisKey))
                    {
                        return i;
                    }
                }
            }

            return declaration.AttributeLists.Count - 1;
        }
    }
}
