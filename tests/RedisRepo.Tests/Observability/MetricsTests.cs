using RedisRepo.Diagnostics;
using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Observability;

/// <summary>
/// The "RedisRepo" Meter, as a MeterListener (what the OpenTelemetry SDK's AddMeter("RedisRepo")
/// installs) sees it: the conventions' db.client.operation.duration histogram and the counters of
/// what the framework repairs, sweeps, caches and reloads. Measurements are matched by this test's
/// model and operation; the collection runs alone.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class MetricsTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Every_operation_records_its_duration_in_seconds_with_the_conventions_attributes()
    {
        using var telemetry = new TelemetryCapture(traces: false);
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL", Isin = "X1" });
        await Holdings.GetAsync("h1");
        await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Holdings.SaveAsync(new Holding { Id = "h2", Isin = "X1" }));

        TelemetryCapture.Measurement get = Assert.Single(telemetry.Measurements("db.client.operation.duration", ("db.operation.name", "GetAsync"), ("redisrepo.model", "Holding")));
        Assert.Equal("s", get.Unit);
        Assert.InRange(get.Value, 1e-6, 10);
        Assert.Equal("redis", get.Tag("db.system.name"));
        Assert.Equal("0", get.Tag("db.namespace"));
        Assert.Equal(TracingTests.AddressOf(Connection.GetEndPoints()[0]).Port, get.Tag("server.port"));
        Assert.Null(get.Tag("error.type"));
        IReadOnlyList<TelemetryCapture.Measurement> saves = telemetry.Measurements("db.client.operation.duration", ("db.operation.name", "SaveAsync"), ("redisrepo.model", "Holding"));
        Assert.Equal([null, "RedisRepo.RedisRepoUniqueConstraintException"], saves.Select(s => s.Tag("error.type")));
        Assert.Equal([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], Telemetry.OperationDuration.Advice!.HistogramBucketBoundaries!);
    }

    [Fact]
    public async Task A_read_that_repairs_stale_index_entries_counts_them()
    {
        using var telemetry = new TelemetryCapture(traces: false);
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "AAPL" }, new Holding { Id = "h2", Ticker = "AAPL" }]);
        await Database.KeyDeleteAsync(Prefix + "fund:holding:h1"); // deleted around RedisRepo: its entries are stale

        Assert.Single(await Holdings.FindByTickerAsync("AAPL"));

        TelemetryCapture.Measurement repaired = Assert.Single(telemetry.Measurements("redisrepo.index.entries_repaired", ("redisrepo.model", "Holding")));
        Assert.Equal(1, repaired.Value);
        Assert.Equal("FindByTickerAsync", repaired.Tag("db.operation.name"));
    }

    [Fact]
    public async Task Index_entries_of_expired_entities_that_a_read_removes_are_not_counted_as_repairs()
    {
        using var telemetry = new TelemetryCapture(traces: false);
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(
        [
            new Lease { Id = "short", Resource = "printer", Owner = "ann", Priority = 1, Duration = TimeSpan.FromMilliseconds(50) },
            new Lease { Id = "gone", Resource = "plotter", Owner = "ann", Priority = 3, Duration = TimeSpan.FromHours(1) },
        ]);
        await Eventually.TrueAsync(async () => !await leases.ExistsAsync("short"));
        await Database.KeyDeleteAsync(Prefix + "fund:lease:gone"); // deleted around RedisRepo: a repair

        Assert.Empty(await leases.FindByOwnerAsync("ann"));

        TelemetryCapture.Measurement repaired = Assert.Single(telemetry.Measurements("redisrepo.index.entries_repaired", ("redisrepo.model", "Lease")));
        Assert.Equal(1, repaired.Value); // "gone" only; "short" merely expired
        Assert.Equal(0, await Database.SortedSetLengthAsync(Prefix + "fund:lease#eq:Owner")); // both entries removed
    }

    [Fact]
    public async Task Sweeping_counts_the_expired_ids_it_removed()
    {
        var leases = new LeaseRepository(Context);
        using var telemetry = new TelemetryCapture(traces: false);
        await leases.SaveManyAsync([new Lease { Id = "l1", Resource = "a", Duration = TimeSpan.FromMilliseconds(50) }, new Lease { Id = "l2", Resource = "b", Duration = TimeSpan.FromMilliseconds(50) }, new Lease { Id = "l3", Resource = "c" }]);
        await Eventually.TrueAsync(async () => await leases.CountAsync() == 1);

        Assert.Equal(2, await leases.SweepExpiredAsync());

        Assert.Equal(2, telemetry.Measurements("redisrepo.ids.swept", ("redisrepo.model", "Lease")).Sum(m => m.Value));
    }

    [Fact]
    public async Task Cache_aside_counts_hits_misses_and_waits_for_another_process_lock()
    {
        var quotes = new QuoteRepository(new RedisRepoContext(Connection, Prefix) { CacheLockWait = TimeSpan.FromMilliseconds(200) });
        using var telemetry = new TelemetryCapture(traces: false);

        await quotes.GetOrAddAsync("AAPL", () => Task.FromResult(new Quote { Ticker = "AAPL" })); // miss
        await quotes.GetOrAddAsync("AAPL", () => Task.FromResult(new Quote { Ticker = "AAPL" })); // hit
        await Database.StringSetAsync(Prefix + "cache:quote#lock:MSFT", "another-process", TimeSpan.FromMinutes(1));
        await quotes.GetOrAddAsync("MSFT", () => Task.FromResult(new Quote { Ticker = "MSFT" })); // miss, waits, then loads itself

        Assert.Equal(1, telemetry.Measurements("redisrepo.cache.hits", ("redisrepo.model", "Quote")).Sum(m => m.Value));
        Assert.Equal(2, telemetry.Measurements("redisrepo.cache.misses", ("redisrepo.model", "Quote")).Sum(m => m.Value));
        Assert.Equal(1, telemetry.Measurements("redisrepo.cache.lock_waits", ("redisrepo.model", "Quote")).Sum(m => m.Value));
    }

    [Fact]
    public async Task A_script_the_server_lost_is_counted_when_it_is_sent_again()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        var holdings = new HoldingRepository(new RedisRepoContext(connection));
        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" }); // the server caches write.lua
        await connection.GetServer(connection.GetEndPoints()[0]).ScriptFlushAsync();
        using var telemetry = new TelemetryCapture(traces: false);

        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "MSFT" });

        TelemetryCapture.Measurement reload = Assert.Single(telemetry.Measurements("redisrepo.script.reloads", ("db.stored_procedure.name", "write")));
        Assert.Equal(1, reload.Value);
    }
}
