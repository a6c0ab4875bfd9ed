using System.Diagnostics;
using System.Net;
using RedisRepo.Diagnostics;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Observability;

/// <summary>
/// The "RedisRepo" ActivitySource: one client activity per repository operation, with the
/// OpenTelemetry database conventions' attributes, as an ActivityListener (what the OpenTelemetry
/// SDK's AddSource("RedisRepo") installs) sees them; nothing at all without a listener.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TracingTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Each_repository_operation_is_one_client_activity_with_the_database_conventions_attributes()
    {
        using var telemetry = new TelemetryCapture(metrics: false);
        using Activity root = telemetry.StartRoot();

        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" });
        await Holdings.GetAsync("h1");
        await Holdings.FindByTickerAsync("AAPL");

        IReadOnlyList<Activity> activities = telemetry.ActivitiesIn(root);
        Assert.Equal(["SaveAsync Holding", "GetAsync Holding", "FindByTickerAsync Holding"], activities.Select(a => a.DisplayName));
        (string address, int port) = AddressOf(Connection.GetEndPoints()[0]);
        foreach (Activity activity in activities)
        {
            Assert.Equal(ActivityKind.Client, activity.Kind);
            Assert.Equal(root.SpanId, activity.ParentSpanId);
            Assert.Equal("redis", activity.GetTagItem("db.system.name"));
            Assert.Equal("0", activity.GetTagItem("db.namespace"));
            Assert.Equal(address, activity.GetTagItem("server.address"));
            Assert.Equal(port, activity.GetTagItem("server.port"));
            Assert.Equal("Holding", activity.GetTagItem("redisrepo.model"));
            Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        }

        Assert.Equal(["SaveAsync", "GetAsync", "FindByTickerAsync"], activities.Select(a => a.GetTagItem("db.operation.name")));
        Assert.Equal(["write", null, null], activities.Select(a => a.GetTagItem("db.stored_procedure.name"))); // FindBy reads its index by ZRANGEBYLEX
    }

    [Fact]
    public async Task Batches_carry_their_size_and_a_unit_of_work_is_one_activity_over_several_models()
    {
        using var telemetry = new TelemetryCapture(metrics: false);
        using Activity root = telemetry.StartRoot();

        await Holdings.SaveManyAsync([new Holding { Id = "a", Ticker = "A" }, new Holding { Id = "b", Ticker = "B" }, new Holding { Id = "c", Ticker = "C" }]);
        RedisBatch batch = Context.CreateBatch();
        Holdings.Save(batch, new Holding { Id = "d", Ticker = "D" });
        new QuoteRepository(Context).Save(batch, new Quote { Ticker = "D", Bid = 1 });
        await batch.ExecuteAsync();

        IReadOnlyList<Activity> activities = telemetry.ActivitiesIn(root);
        Assert.Equal(["SaveManyAsync Holding", "RedisBatch.ExecuteAsync"], activities.Select(a => a.DisplayName));
        Assert.Equal([3, 2], activities.Select(a => a.GetTagItem("db.operation.batch.size")));
        Assert.Null(activities[1].GetTagItem("redisrepo.model"));
        Assert.Equal("write", activities[1].GetTagItem("db.stored_procedure.name"));
    }

    [Fact]
    public async Task A_failed_operation_records_its_error_type_and_an_error_status()
    {
        using var telemetry = new TelemetryCapture(metrics: false);
        using Activity root = telemetry.StartRoot();
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL", Isin = "US0378331005" });

        await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Holdings.SaveAsync(new Holding { Id = "h2", Ticker = "AAPL", Isin = "US0378331005" }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Holdings.SaveAsync(null!));

        IReadOnlyList<Activity> activities = telemetry.ActivitiesIn(root);
        Assert.Equal(3, activities.Count);
        Assert.Null(activities[0].GetTagItem("error.type"));
        Assert.Equal("RedisRepo.RedisRepoUniqueConstraintException", activities[1].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, activities[1].Status);
        Assert.Contains("US0378331005", activities[1].StatusDescription);
        Assert.Equal("System.ArgumentNullException", activities[2].GetTagItem("error.type"));
    }

    [Fact]
    public async Task Without_a_listener_nothing_is_observed_or_recorded()
    {
        Assert.False(Telemetry.IsObserved);
        Assert.Null(Observation.Start(Context, "Holding", "GetAsync"));

        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" });
        Assert.Null(Activity.Current);

        using var telemetry = new TelemetryCapture(metrics: false);
        Assert.True(Telemetry.IsObserved); // the same check turns on with a listener
    }

    internal static (string Address, int Port) AddressOf(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => (dns.Host, dns.Port),
        _ => throw new ArgumentException($"unexpected endpoint {endpoint}"),
    };
}

/// <summary>On a cluster, an operation spread over a sharded model's buckets has one child activity per bucket, naming the primary that served it.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class ClusterTracingTests : IAsyncLifetime
{
    private ConnectionMultiplexer _connection = null!;
    private RedisRepoContext _context = null!;

    public async Task InitializeAsync()
    {
        _connection = await RedisCluster.ConnectionAsync();
        _context = new RedisRepoContext(_connection, $"test:{Guid.NewGuid():N}:");
    }

    public Task DisposeAsync() => Task.CompletedTask; // the query below writes nothing

    [Fact]
    public async Task A_query_over_sixteen_buckets_has_one_leg_activity_per_bucket_on_the_primary_that_owns_it()
    {
        var positions = new ShardedPositionRepository(_context);
        using var telemetry = new TelemetryCapture(metrics: false);
        using Activity root = telemetry.StartRoot();

        await positions.CountByTickerAsync("NONE");

        IReadOnlyList<Activity> activities = telemetry.ActivitiesIn(root);
        Activity operation = Assert.Single(activities, a => a.DisplayName == "CountByTickerAsync ShardedPosition");
        List<Activity> legs = activities.Where(a => a.ParentSpanId == operation.SpanId).ToList();
        Assert.Equal(activities.Count - 1, legs.Count);
        Assert.Equal(Enumerable.Range(0, 16), legs.Select(l => (int)l.GetTagItem("redisrepo.bucket")!).Order());
        Assert.Null(operation.GetTagItem("server.port")); // the operation spans primaries; its legs name theirs
        int[] primaries = _connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).Select(s => TracingTests.AddressOf(s.EndPoint).Port).ToArray();
        Assert.All(legs, leg => Assert.Contains((int)leg.GetTagItem("server.port")!, primaries));
        Assert.True(legs.Select(l => l.GetTagItem("server.port")).Distinct().Count() > 1, "16 buckets spread over more than one primary");
        Assert.All(legs, leg => Assert.Equal("index-ids", leg.GetTagItem("db.stored_procedure.name")));
    }
}
