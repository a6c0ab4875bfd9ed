using Microsoft.CodeAnalysis;

namespace RedisRepo.Analyzers.Diagnostics
{
    /// <summary>
    /// Every diagnostic the analyzers report. IDs RR1001 and up belong to the analyzers (RR0xxx to the
    /// generator); an ID is never reused, and each has docs/diagnostics/RRxxxx.md. Severity states
    /// certainty: a warning for code that is wrong in any realistic program, info for a heuristic that
    /// has legitimate exceptions. Every severity can be changed with <c>dotnet_diagnostic.RRxxxx.severity</c>.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string KeysUsageId = "RR1001";
        public const string MissingTtlDecisionId = "RR1002";
        public const string CacheWriteWithoutExpiryId = "RR1003";
        public const string RoundTripPerItemId = "RR1004";
        public const string RoundTripInLoopId = "RR1005";

        private const string Performance = "RedisRepo.Performance";
        private const string Reliability = "RedisRepo.Reliability";

        /// <summary>RR1001: KEYS (or a whole-keyspace walk) in application code.</summary>
        public static readonly DiagnosticDescriptor KeysUsage = Create(
            KeysUsageId,
            "Do not walk the keyspace with KEYS",
            "{0} walks every key in the database{1}; keep the ids you need in an index set and read that instead (SCAN with a cursor only in the rare admin case)",
            Performance,
            DiagnosticSeverity.Warning);

        /// <summary>RR1002: a [RedisKey] model that says nothing about expiry.</summary>
        public static readonly DiagnosticDescriptor MissingTtlDecision = Create(
            MissingTtlDecisionId,
            "Redis model has no expiry decision",
            "{0} has neither [Ttl] nor [Persistent]; say how long its entities live ([Ttl(...)] on the class or on a TimeSpan/DateTimeOffset/DateTime property) or that they live until deleted ([Persistent])",
            Reliability,
            DiagnosticSeverity.Warning);

        /// <summary>RR1003: a write to a cache key with no expiry.</summary>
        public static readonly DiagnosticDescriptor CacheWriteWithoutExpiry = Create(
            CacheWriteWithoutExpiryId,
            "Cache key written without an expiry",
            "{0} writes '{1}', a key in the cache segment '{2}', without an expiry, so the entry stays in Redis until evicted or deleted; pass an expiry (e.g. expiry: TimeSpan.FromMinutes(5))",
            Reliability,
            DiagnosticSeverity.Warning);

        /// <summary>
        /// RR1004: one Redis round trip per item of a collection where a batched call exists: a
        /// foreach or for loop whose awaited call takes the loop's own variable. Certain, so a Warning.
        /// </summary>
        public static readonly DiagnosticDescriptor RoundTripPerItem = Create(
            RoundTripPerItemId,
            "Redis round trip per loop iteration",
            "{0} is awaited inside a loop, one round trip per iteration; {1}",
            Performance,
            DiagnosticSeverity.Warning);

        /// <summary>
        /// RR1005: a Redis call with a batched form awaited in a loop whose shape does not show it runs
        /// once per item (while, do, await foreach, or arguments that do not use the loop's variable).
        /// </summary>
        public static readonly DiagnosticDescriptor RoundTripInLoop = Create(
            RoundTripInLoopId,
            "Redis call awaited in a loop",
            "{0} is awaited inside a loop, maybe once per item; {1}",
            Performance,
            DiagnosticSeverity.Info);

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
            new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

        /// <summary>The documentation page of a diagnostic (the same base as the generator's).</summary>
        public static string HelpLink(string id) => global::RedisRepo.Diagnostics.DiagnosticHelpLinks.For(id);
    }
}
