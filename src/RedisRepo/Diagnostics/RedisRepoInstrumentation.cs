namespace RedisRepo.Diagnostics;

/// <summary>
/// The names RedisRepo's traces and metrics are published under, for OpenTelemetry:
/// <c>builder.Services.AddOpenTelemetry().WithTracing(t =&gt; t.AddSource(RedisRepoInstrumentation.ActivitySourceName))
/// .WithMetrics(m =&gt; m.AddMeter(RedisRepoInstrumentation.MeterName))</c>. See docs/observability.md for
/// every activity, attribute and instrument.
/// </summary>
public static class RedisRepoInstrumentation
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>"RedisRepo"</c>.</summary>
    public const string ActivitySourceName = "RedisRepo";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>"RedisRepo"</c>.</summary>
    public const string MeterName = "RedisRepo";

    /// <summary>The <c>ILogger</c> category RedisRepo logs under: <c>"RedisRepo"</c>.</summary>
    public const string LoggerCategory = "RedisRepo";
}
