using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers.CodeFixes
{
    /// <summary>
    /// RR1003 fix: give the write an expiry of <c>TimeSpan.FromMinutes(5)</c>, a placeholder to tune.
    /// A left-out expiry becomes a named argument at the end (<c>expiry: TimeSpan.FromMinutes(5)</c>),
    /// which binds to the same overload family in StackExchange.Redis 3.x (TimeSpan converts to
    /// Expiration and to TimeSpan?); an explicit <c>null</c>/<c>default</c>/<c>Expiration.Default</c>
    /// is replaced in place. Adds <c>using System;</c> when TimeSpan is not in scope.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheWriteExpiryCodeFixProvider)), Shared]
    public sealed class CacheWriteExpiryCodeFixProvider : CodeFixProvider
    {
        public const string AddExpiryKey = DiagnosticDescriptors.CacheWriteWithoutExpiryId + ".AddExpiry";

        /// <summary>The placeholder expiry, after the TimeSpan type name.</summary>
        public const string Placeholder = ".FromMinutes(5)";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CacheWriteWithoutExpiryId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add an expiry argument",
                        ct => AddExpiryAsync(context.Document, invocation, ct),
                        AddExpiryKey),
                    diagnostic);
            }
        }

        private static async Task<Document> AddExpiryAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            INamedTypeSymbol? timeSpan = semanticModel?.Compilation.GetTypeByMetadataName("System.TimeSpan");
            if (root is not CompilationUnitSyntax compilationUnit
                || semanticModel is null
                || timeSpan is null
                || semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                || operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "expiry") is not { } expiry)
            {
                return document;
            }

            NamespaceImports.TypeName name = NamespaceImports.Resolve(semanticModel, invocation.SpanStart, timeSpan, timeSpan.Name);
            ExpressionSyntax value = SyntaxFactory.ParseExpression(name.Text + Placeholder);

            InvocationExpressionSyntax updated;
            if (expiry.ArgumentKind == ArgumentKind.Explicit && expiry.Syntax is ArgumentSyntax written)
            {
                updated = invocation.ReplaceNode(written.Expression, value.WithTriviaFrom(written.Expression));
            }
            else
            {
                updated = invocation.WithArgumentList(Append(invocation.ArgumentList, value));
            }

            CompilationUnitSyntax newRoot = compilationUnit.ReplaceNode(invocation, updated);
            if (name.NamespaceToImport is { } ns)
            {
                newRoot = NamespaceImports.AddUsing(newRoot, ns);
            }

            return document.WithSyntaxRoot(newRoot);
        }

        // Appends "expiry: value", laid out like the existing arguments (same line, or one per line).
        private static ArgumentListSyntax Append(ArgumentListSyntax list, ExpressionSyntax value)
        {
            ArgumentSyntax argument = SyntaxFactory.Argument(
                SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("expiry")).WithTrailingTrivia(SyntaxFactory.Space),
                default,
                value);

            SeparatedSyntaxList<ArgumentSyntax> arguments = list.Arguments;
            if (arguments.Count == 0)
            {
                return list.WithArguments(arguments.Add(argument));
            }

            SyntaxToken comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
            if (arguments.SeparatorCount > 0)
            {
                SyntaxToken last = arguments.GetSeparator(arguments.SeparatorCount - 1);
                if (last.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                {
                    comma = comma.WithTrailingTrivia(last.TrailingTrivia);
                    argument = argument.WithLeadingTrivia(arguments.Last().GetLeadingTrivia());
                }
            }

            // The closing parenthesis may sit on the last argument's line; keep its trivia where it is.
            ArgumentSyntax lastArgument = arguments.Last();
            var nodesAndTokens = new List<SyntaxNodeOrToken>(arguments.GetWithSeparators())
            {
                comma,
                argument.WithTrailingTrivia(lastArgument.GetTrailingTrivia()),
            };
            nodesAndTokens[nodesAndTokens.Count - 3] = lastArgument.WithoutTrailingTrivia();
            return list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(nodesAndTokens));
        }
    }
}
