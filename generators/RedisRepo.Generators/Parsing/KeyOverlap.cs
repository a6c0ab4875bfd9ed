using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Finds pairs of models whose keys can be equal (RR0005): an entity key of one and an entity
    /// or index key of the other, or an index key of each. A template is a pattern: literal
    /// characters, and placeholders that match one or more characters other than their separator
    /// (the last placeholder matches any). Against entity keys, index keys are taken broadly as
    /// the model's meta prefix followed by anything; against each other, as the key families the
    /// runtime writes (ids, rec, eq:, uq:, rg:, lock:). Two patterns overlap when some string matches both.
    /// </summary>
    internal static class KeyOverlap
    {
        public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<TemplateEntry> entries)
        {
            var sorted = entries.OrderBy(e => e.ModelName, System.StringComparer.Ordinal).ThenBy(e => e.Key.Template, System.StringComparer.Ordinal).ToList();
            Token[][] entityKeys = sorted.Select(EntityKeyPattern).ToArray();
            Token[][] metaKeys = sorted.Select(MetaKeyPattern).ToArray();
            Token[][][] indexKeys = sorted.Select(IndexKeyPatterns).ToArray();
            var diagnostics = new List<DiagnosticInfo>();
            for (int a = 0; a < sorted.Count; a++)
            {
                for (int b = a + 1; b < sorted.Count; b++)
                {
                    if (Intersects(entityKeys[a], entityKeys[b]) || Intersects(entityKeys[a], metaKeys[b]) || Intersects(metaKeys[a], entityKeys[b])
                        || indexKeys[a].Any(p => indexKeys[b].Any(q => Intersects(p, q))))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.OverlappingTemplates,
                            sorted[b].Location,
                            sorted[b].ModelName,
                            sorted[b].Key.Template,
                            sorted[a].ModelName,
                            sorted[a].Key.Template));
                    }
                }
            }

            return diagnostics.ToEquatableArray();
        }

        private enum Kind
        {
            Char,
            Any,
            Star,
        }

        /// <summary>A literal character; one character other than Excluded; or zero or more of them.</summary>
        private readonly struct Token
        {
            public Token(Kind kind, char value)
            {
                Kind = kind;
                Value = value;
            }

            public Kind Kind { get; }

            /// <summary>The literal character, or the character a wildcard excludes ('\0': none).</summary>
            public char Value { get; }
        }

        /// <summary>Index keys: the meta prefix, then one or more characters of any kind.</summary>
        private static Token[] MetaKeyPattern(TemplateEntry entry) =>
            entry.Key.MetaPrefix.Select(c => new Token(Kind.Char, c))
                .Concat(new[] { new Token(Kind.Any, '\0'), new Token(Kind.Star, '\0') })
                .ToArray();

        /// <summary>The index key families under the meta prefix, as the runtime's IndexKeys names them.</summary>
        private static readonly string[] IndexFamilies = { "ids", "rec", "eq:*", "uq:*", "rg:*", "lock:*" };

        private static Token[][] IndexKeyPatterns(TemplateEntry entry) =>
            IndexFamilies.Select(family =>
            {
                var tokens = (entry.Key.MetaPrefix + family.TrimEnd('*')).Select(c => new Token(Kind.Char, c)).ToList();
                if (family.EndsWith("*", System.StringComparison.Ordinal))
                {
                    tokens.Add(new Token(Kind.Any, '\0'));
                    tokens.Add(new Token(Kind.Star, '\0'));
                }

                return tokens.ToArray();
            }).ToArray();

        private static Token[] EntityKeyPattern(TemplateEntry entry)
        {
            var tokens = new List<Token>();
            tokens.AddRange(entry.Key.Prefix.Select(c => new Token(Kind.Char, c)));
            foreach (KeySegmentSpec segment in entry.Key.Segments)
            {
                if (segment.Literal is not null)
                {
                    tokens.AddRange(segment.Literal.Select(c => new Token(Kind.Char, c)));
                }
                else
                {
                    // A key part is one or more characters, none of them its separator.
                    tokens.Add(new Token(Kind.Any, segment.Part!.Separator));
                    tokens.Add(new Token(Kind.Star, segment.Part.Separator));
                }
            }

            return tokens.ToArray();
        }

        private static bool Intersects(Token[] p, Token[] q)
        {
            var memo = new Dictionary<(int, int), bool>();
            return Match(0, 0);

            bool Match(int i, int j)
            {
                if (memo.TryGetValue((i, j), out bool known))
                {
                    return known;
                }

                memo[(i, j)] = false; // guards the (impossible) cycle while computing
                bool result;
                if (i == p.Length && j == q.Length)
                {
                    result = true;
                }
                else if (i < p.Length && p[i].Kind == Kind.Star && (Match(i + 1, j) || (j < q.Length && Absorbs(p[i], q[j]) && Match(i, j + 1))))
                {
                    result = true;
                }
                else if (j < q.Length && q[j].Kind == Kind.Star && (Match(i, j + 1) || (i < p.Length && Absorbs(q[j], p[i]) && Match(i + 1, j))))
                {
                    result = true;
                }
                else
                {
                    result = i < p.Length && j < q.Length && p[i].Kind != Kind.Star && q[j].Kind != Kind.Star && Compatible(p[i], q[j]) && Match(i + 1, j + 1);
                }

                memo[(i, j)] = result;
                return result;
            }
        }

        /// <summary>Whether a star can stand for (part of) what <paramref name="other"/> matches.</summary>
        private static bool Absorbs(Token star, Token other) =>
            other.Kind != Kind.Char || star.Value == '\0' || other.Value != star.Value;

        private static bool Compatible(Token a, Token b)
        {
            if (a.Kind == Kind.Char && b.Kind == Kind.Char)
            {
                return a.Value == b.Value;
            }

            if (a.Kind == Kind.Char)
            {
                return b.Value == '\0' || a.Value != b.Value;
            }

            if (b.Kind == Kind.Char)
            {
                return a.Value == '\0' || b.Value != a.Value;
            }

            return true;
        }
    }
}
