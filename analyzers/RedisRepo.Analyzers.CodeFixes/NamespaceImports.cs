using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RedisRepo.Analyzers.CodeFixes
{
    /// <summary>
    /// How a code fix names a type at a position: by its simple name when that already binds to it,
    /// by its simple name plus a new <c>using</c> when nothing else of that name is in scope, and fully
    /// qualified (<c>global::...</c>) when the simple name would mean something else.
    /// </summary>
    internal static class NamespaceImports
    {
        /// <summary>What to write for a type, and whether its namespace must be imported first.</summary>
        internal readonly struct TypeName
        {
            public TypeName(string text, string? namespaceToImport)
            {
                Text = text;
                NamespaceToImport = namespaceToImport;
            }

            /// <summary>The name to write, e.g. <c>TimeSpan</c> or <c>global::System.TimeSpan</c>.</summary>
            public string Text { get; }

            /// <summary>The namespace to add a <c>using</c> for, or null.</summary>
            public string? NamespaceToImport { get; }
        }

        /// <summary>
        /// How to name <paramref name="type"/> at <paramref name="position"/>. For an attribute pass the
        /// short name as <paramref name="simpleName"/> (<c>Ttl</c>): both it and the full name must be free.
        /// </summary>
        public static TypeName Resolve(SemanticModel semanticModel, int position, INamedTypeSymbol type, string simpleName)
        {
            ImmutableArray<ISymbol> full = semanticModel.LookupNamespacesAndTypes(position, name: type.Name);
            ImmutableArray<ISymbol> simple = simpleName == type.Name
                ? ImmutableArray<ISymbol>.Empty
                : semanticModel.LookupNamespacesAndTypes(position, name: simpleName);

            bool fullIsOurs = full.Length == 1 && SymbolEqualityComparer.Default.Equals(full[0], type);
            if (fullIsOurs && simple.IsEmpty)
            {
                return new TypeName(simpleName, null);
            }

            string ns = type.ContainingNamespace.ToDisplayString();
            if (full.IsEmpty && simple.IsEmpty)
            {
                return new TypeName(simpleName, ns);
            }

            return new TypeName("global::" + ns + "." + simpleName, null);
        }

        /// <summary>
        /// Adds <c>using {namespace};</c> to the file's top-level usings: after any global usings, in
        /// ordinal order among the others with System usings first, keeping the file's line endings.
        /// </summary>
        public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string namespaceName)
        {
            SyntaxTrivia endOfLine = EndOfLine(root);
            UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                .WithTrailingTrivia(endOfLine);

            SyntaxList<UsingDirectiveSyntax> usings = root.Usings;
            if (usings.Count == 0)
            {
                // Before the first member, after the file's header comments; a blank line separates them.
                SyntaxToken first = root.GetFirstToken(includeZeroWidth: true);
                directive = directive.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(endOfLine, endOfLine);
                CompilationUnitSyntax stripped = root.ReplaceToken(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
                return stripped.WithUsings(stripped.Usings.Add(directive));
            }

            int index = usings.Count;
            for (int i = 0; i < usings.Count; i++)
            {
                UsingDirectiveSyntax existing = usings[i];
                if (existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || existing.Alias is not null || existing.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                {
                    continue;
                }

                if (Compare(existing.Name?.ToString() ?? string.Empty, namespaceName) > 0)
                {
                    index = i;
                    break;
                }
            }

            if (index == 0)
            {
                // Take over the first using's leading trivia (a file header, say).
                UsingDirectiveSyntax first = usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                usings = usings.Replace(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
            }

            return root.WithUsings(usings.Insert(index, directive));
        }

        /// <summary>The file's line ending, from its first line break (a line feed when it has none).</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
            root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } found && found.IsKind(SyntaxKind.EndOfLineTrivia)
                ? found
                : SyntaxFactory.LineFeed;

        private static int Compare(string left, string right)
        {
            bool leftSystem = IsSystem(left);
            bool rightSystem = IsSystem(right);
            if (leftSystem != rightSystem)
            {
                return leftSystem ? -1 : 1;
            }

            return string.CompareOrdinal(left, right);
        }

        private static bool IsSystem(string name) =>
            name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
    }
}
