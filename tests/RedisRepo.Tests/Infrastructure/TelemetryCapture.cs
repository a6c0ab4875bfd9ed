using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// Listens to RedisRepo's ActivitySource and Meter the way an OpenTelemetry SDK would (by name)
/// and keeps what was recorded: finished activities, and every measurement with its tags.
/// Listeners are process-wide, so telemetry tests run alone (<see cref="TelemetryCollection"/>)
/// and each test also keeps only what belongs to its own trace or server.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("RedisRepo.Tests");

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture(bool traces = true, bool metrics = true)
    {
        ActivitySource test = TestSource; // created before the listener, so the listener sees it
        _activities = new ActivityListener
        {
            ShouldListenTo = source => traces && (source.Name == "RedisRepo" || source == test),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activities);
        if (metrics)
        {
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "RedisRepo")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, instrument.Unit, value, tags.ToArray())));
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, instrument.Unit, value, tags.ToArray())));
            _meters.Start();
        }
    }

    /// <summary>Starts a root activity of the test's own; RedisRepo's activities under it share its trace id.</summary>
    public Activity StartRoot() => TestSource.StartActivity("test") ?? throw new InvalidOperationException("the test source is not listened to");

    /// <summary>RedisRepo's finished activities in the trace of <paramref name="root"/>, in the order they stopped.</summary>
    public IReadOnlyList<Activity> ActivitiesIn(Activity root) =>
        _stopped.Where(a => a.Source.Name == "RedisRepo" && a.TraceId == root.TraceId).ToList();

    /// <summary>The measurements of one instrument whose tags include every pair given.</summary>
    public IReadOnlyList<Measurement> Measurements(string instrument, params (string Key, object Value)[] having) =>
        _measurements.Where(m => m.Instrument == instrument && having.All(h => Equals(m.Tag(h.Key), h.Value))).ToList();

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    public sealed record Measurement(string Instrument, string? Unit, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value;
    }
}

/// <summary>Telemetry tests: listeners are process-wide, so these run after the parallel tests, alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
