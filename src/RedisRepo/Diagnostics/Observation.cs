using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace RedisRepo.Diagnostics;

/// <summary>
/// One observed repository operation (or one fan-out leg of it): an activity from
/// <see cref="Telemetry.Source"/> when one is sampled, and a <c>db.client.operation.duration</c>
/// measurement when the histogram is listened to. <see cref="Start"/> returns null when nothing
/// listens, so an unobserved operation costs two checks and no allocation:
/// <code>
/// using Observation? observation = Observation.Start(context, model, "GetAsync", key);
/// try { ... } catch (Exception e) when (Observation.Failed(observation, e)) { throw; }
/// </code>
/// </summary>
internal sealed class Observation : IDisposable
{
    private readonly RedisRepoContext _context;
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly bool _timed;
    private bool _routed;
    private TagList _tags;

    private Observation(RedisRepoContext context, Activity? activity, bool timed, TagList tags, bool routed)
    {
        _context = context;
        _activity = activity;
        _timed = timed;
        _tags = tags;
        _routed = routed;
        _started = timed ? Stopwatch.GetTimestamp() : 0;
    }

    /// <summary>Starts observing a repository operation, or returns null when nothing listens.</summary>
    /// <param name="context">The context, for the database number and the server.</param>
    /// <param name="model">The model's name; null for an operation over several (a <see cref="RedisBatch"/>).</param>
    /// <param name="operation">The repository operation, e.g. <c>SaveAsync</c> or <c>FindByTickerAsync</c>.</param>
    /// <param name="routeKey">A key the operation reads or writes, naming the server it goes to; none for one spread over buckets.</param>
    /// <param name="bucket">The bucket of a fan-out leg (an activity only: its time is the operation's), -1 for the operation itself.</param>
    public static Observation? Start(RedisRepoContext context, string? model, string operation, RedisKey? routeKey = null, int bucket = -1)
    {
        bool timed = bucket < 0 && Telemetry.Enabled && Telemetry.OperationDuration.Enabled;
        if (!timed && !Telemetry.IsTracing)
        {
            return null;
        }

        var tags = new TagList
        {
            { Telemetry.DbSystemName, Telemetry.Redis },
            { Telemetry.DbOperationName, operation },
            { Telemetry.DbNamespace, DatabaseNumber(context) },
        };
        if (model is not null)
        {
            tags.Add(Telemetry.Model, model);
        }

        (string Address, int Port)? server = Server(context, routeKey);
        if (server is (string address, int port))
        {
            tags.Add(Telemetry.ServerAddress, address);
            tags.Add(Telemetry.ServerPort, port);
        }

        string name = model is null ? operation : bucket < 0 ? $"{operation} {model}" : $"{operation} {model} bucket {bucket}";
        Activity? activity = Telemetry.Source.StartActivity(name, ActivityKind.Client, default(ActivityContext), tags);
        if (bucket >= 0)
        {
            activity?.SetTag(Telemetry.Bucket, bucket);
        }

        return activity is null && !timed ? null : new Observation(context, activity, timed, tags, server is not null);
    }

    /// <summary>Names the server once the operation's key is known (a save learns it from the entity), if no server is named yet.</summary>
    public void Route(RedisKey key)
    {
        if (!_routed && Server(_context, key) is (string address, int port))
        {
            _routed = true;
            _tags.Add(Telemetry.ServerAddress, address);
            _tags.Add(Telemetry.ServerPort, port);
            _activity?.SetTag(Telemetry.ServerAddress, address);
            _activity?.SetTag(Telemetry.ServerPort, port);
        }
    }

    /// <summary>For an exception filter: records the failure (<c>error.type</c>, error status) and returns false, so the exception propagates untouched.</summary>
    public static bool Failed(Observation? observation, Exception exception)
    {
        if (observation is not null)
        {
            string type = Telemetry.ErrorTypeOf(exception);
            observation._tags.Add(Telemetry.ErrorType, type);
            if (observation._activity is { } activity)
            {
                activity.SetTag(Telemetry.ErrorType, type);
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            }
        }

        return false;
    }

    /// <summary>Ends the activity and records the duration.</summary>
    public void Dispose()
    {
        if (_timed)
        {
            Telemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, _tags);
        }

        _activity?.Dispose();
    }

    private static string DatabaseNumber(RedisRepoContext context) =>
        (context.DatabaseNumber >= 0 ? context.DatabaseNumber : context.GetDatabase().Database).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The server a key routes to: on a cluster its slot's primary (none for an operation spread
    /// over buckets: its legs name theirs), else the configured endpoint.
    /// </summary>
    private static (string Address, int Port)? Server(RedisRepoContext context, RedisKey? routeKey)
    {
        EndPoint? endpoint = context.IsCluster
            ? routeKey is { } key ? ServerEndpoint.Of(context.Connection, key) : null
            : context.Connection.GetEndPoints() is { Length: > 0 } endpoints ? endpoints[0] : null;

        return endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => null,
        };
    }
}
