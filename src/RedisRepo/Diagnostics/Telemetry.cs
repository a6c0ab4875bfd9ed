using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace RedisRepo.Diagnostics;

/// <summary>
/// RedisRepo's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, with the instruments
/// and the OpenTelemetry database semantic-convention attribute names. Nothing is allocated or timed
/// unless a listener is attached (<see cref="IsObserved"/>).
/// </summary>
internal static class Telemetry
{
    private static readonly string Version =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static readonly ActivitySource Source = new(RedisRepoInstrumentation.ActivitySourceName, Version);

    public static readonly Meter Meter = new(RedisRepoInstrumentation.MeterName, Version);

    /// <summary>The conventions' <c>db.client.operation.duration</c>, in seconds, with their bucket boundaries.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "db.client.operation.duration",
        unit: "s",
        description: "Duration of RedisRepo repository operations.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    /// <summary>Index entries that pointed at an entity that no longer matches (or is gone), removed by a read or a rebuild.</summary>
    public static readonly Counter<long> IndexEntriesRepaired = Meter.CreateCounter<long>(
        "redisrepo.index.entries_repaired", unit: "{entry}", description: "Stale index entries removed by reads and rebuilds.");

    /// <summary>Expired ids removed from "all ids" (and their index entries) by SweepExpiredAsync.</summary>
    public static readonly Counter<long> ExpiredIdsSwept = Meter.CreateCounter<long>(
        "redisrepo.ids.swept", unit: "{id}", description: "Expired ids removed by SweepExpiredAsync.");

    /// <summary>Cache-aside reads answered from Redis.</summary>
    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "redisrepo.cache.hits", unit: "{read}", description: "GetOrAddAsync calls answered from Redis.");

    /// <summary>Cache-aside reads that ran (or shared) a factory.</summary>
    public static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>(
        "redisrepo.cache.misses", unit: "{read}", description: "GetOrAddAsync calls that did not find the entity in Redis.");

    /// <summary>Cache-aside loads that found another process's lock and waited for its value.</summary>
    public static readonly Counter<long> CacheLockWaits = Meter.CreateCounter<long>(
        "redisrepo.cache.lock_waits", unit: "{wait}", description: "GetOrAddAsync loads that waited for another process's factory.");

    /// <summary>Scripts sent again in full because the server had lost them (NOSCRIPT: restart, failover, SCRIPT FLUSH).</summary>
    public static readonly Counter<long> ScriptReloads = Meter.CreateCounter<long>(
        "redisrepo.script.reloads", unit: "{script}", description: "Scripts re-sent in full after NOSCRIPT.");

    /// <summary>
    /// Off with the AppContext switch <c>RedisRepo.Diagnostics.IsEnabled</c> = false (e.g.
    /// <c>&lt;RuntimeHostConfigurationOption Include="RedisRepo.Diagnostics.IsEnabled" Value="false" /&gt;</c>):
    /// then no operation is traced or measured even with listeners. The benchmarks turn it off to
    /// measure what the instrumentation costs with no listener.
    /// </summary>
    public static bool Enabled = !AppContext.TryGetSwitch("RedisRepo.Diagnostics.IsEnabled", out bool enabled) || enabled;

    /// <summary>Whether anything listens: an activity listener on the source or a meter listener on the duration histogram.</summary>
    public static bool IsObserved => Enabled && (Source.HasListeners() || OperationDuration.Enabled);

    /// <summary>Whether an activity listener listens (fan-out legs are activities only).</summary>
    public static bool IsTracing => Enabled && Source.HasListeners();

    // The OpenTelemetry database semantic conventions (v1.33+), and RedisRepo's own attributes.
    public const string DbSystemName = "db.system.name";
    public const string DbOperationName = "db.operation.name";
    public const string DbNamespace = "db.namespace";
    public const string DbStoredProcedureName = "db.stored_procedure.name";
    public const string DbOperationBatchSize = "db.operation.batch.size";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string Model = "redisrepo.model";
    public const string Bucket = "redisrepo.bucket";
    public const string Redis = "redis";

    /// <summary>Tags the current RedisRepo activity, when one is recording, with the script about to run.</summary>
    public static void TagScript(string script)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity && ReferenceEquals(activity.Source, Source))
        {
            activity.SetTag(DbStoredProcedureName, script);
        }
    }

    /// <summary>Tags the current RedisRepo activity, when one is recording, with the number of operations of a batch.</summary>
    public static void TagBatchSize(int size)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity && ReferenceEquals(activity.Source, Source))
        {
            activity.SetTag(DbOperationBatchSize, size);
        }
    }

    /// <summary>The conventions' <c>error.type</c>: the exception's full type name.</summary>
    public static string ErrorTypeOf(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;
}
