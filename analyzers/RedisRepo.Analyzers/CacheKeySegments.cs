using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The key segments that mark a key as a cache entry for RR1003, read from the
    /// <c>redisrepo.cache_key_segments</c> option (.editorconfig or a global config): a comma-separated
    /// list, <c>cache</c> when unset or blank. A key is a cache key when one of its <c>:</c>-separated
    /// pieces that is known at compile time equals a segment, ignoring case.
    /// </summary>
    internal sealed class CacheKeySegments
    {
        public const string OptionName = "redisrepo.cache_key_segments";

        private static readonly CacheKeySegments Default = new(ImmutableArray.Create("cache"));

        private readonly ImmutableArray<string> _segments;

        private CacheKeySegments(ImmutableArray<string> segments) => _segments = segments;

        public static CacheKeySegments From(AnalyzerConfigOptions options)
        {
            if (!options.TryGetValue(OptionName, out string? value) || string.IsNullOrWhiteSpace(value))
            {
                return Default;
            }

            ImmutableArray<string> segments = value.Split(',')
                .Select(s => s.Trim())
                .Where(s => s.Length > 0)
                .ToImmutableArray();
            return segments.IsEmpty ? Default : new CacheKeySegments(segments);
        }

        /// <summary>
        /// The configured segment that <paramref name="keyText"/> (from <see cref="ConstantText"/>) contains
        /// as a whole piece, or null. A piece touching a run-time part (<c>{tenant}cache</c>) does not count.
        /// </summary>
        public string? Match(string keyText)
        {
            foreach (string piece in keyText.Split(':'))
            {
                if (piece.IndexOf(ConstantText.Hole) >= 0)
                {
                    continue;
                }

                foreach (string segment in _segments)
                {
                    if (string.Equals(piece, segment, StringComparison.OrdinalIgnoreCase))
                    {
                        return segment;
                    }
                }
            }

            return null;
        }
    }
}
