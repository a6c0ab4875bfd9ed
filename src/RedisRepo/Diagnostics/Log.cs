using Microsoft.Extensions.Logging;

namespace RedisRepo.Diagnostics;

/// <summary>
/// Everything RedisRepo logs, under the category <see cref="RedisRepoInstrumentation.LoggerCategory"/>:
/// Debug for script loads, Warning for what a user should look at. The hot path's successes are
/// never logged (traces and metrics cover them).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ScriptLoaded", Level = LogLevel.Debug,
        Message = "Loaded script {Script} on {Endpoint}.")]
    public static partial void ScriptLoaded(ILogger logger, string script, string endpoint);

    [LoggerMessage(EventId = 2, EventName = "ScriptReloaded", Level = LogLevel.Debug,
        Message = "Redis at {Endpoint} had lost script {Script} (NOSCRIPT after a restart, failover or SCRIPT FLUSH); it was sent in full, which caches it again.")]
    public static partial void ScriptReloaded(ILogger logger, string script, string endpoint);

    [LoggerMessage(EventId = 3, EventName = "IndexEntriesRepaired", Level = LogLevel.Warning,
        Message = "{Model}.{Operation}: removed {Count} stale entries from index {Index}: they named entities that are gone or no longer match (expired, evicted, or changed outside RedisRepo).")]
    public static partial void IndexEntriesRepaired(ILogger logger, string model, string operation, long count, string index);

    [LoggerMessage(EventId = 4, EventName = "RebuildSkippedEntity", Level = LogLevel.Warning,
        Message = "{Model}.RebuildIndexesAsync: skipped {Key}, which is left out of the indexes: {Reason}")]
    public static partial void RebuildSkippedEntity(ILogger logger, string model, string key, string reason);

    [LoggerMessage(EventId = 5, EventName = "UnsafeEvictionPolicy", Level = LogLevel.Warning,
        Message = "Redis at {Endpoint} has maxmemory-policy {Policy}, which can evict RedisRepo's index keys so that index reads miss entities until RebuildIndexesAsync; use noeviction (or a volatile-* policy). See docs/guarantees.md, section 8.")]
    public static partial void UnsafeEvictionPolicy(ILogger logger, string endpoint, string policy);

    [LoggerMessage(EventId = 6, EventName = "EvictionPolicyUnknown", Level = LogLevel.Debug,
        Message = "Could not read maxmemory-policy from Redis at {Endpoint} (INFO memory, read by a script): {Reason}")]
    public static partial void EvictionPolicyUnknown(ILogger logger, string endpoint, string reason);
}
