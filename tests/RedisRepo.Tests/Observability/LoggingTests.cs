using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Observability;

/// <summary>
/// ILogger from the container (category "RedisRepo"): Debug for script loads, Warning for
/// repaired index entries, entities a rebuild skipped and an unsafe maxmemory-policy at warm-up;
/// nothing for the hot path's successes.
/// </summary>
public sealed class LoggingTests : RedisTest
{
    private readonly LogCapture _logs = new();

    private HoldingRepository Holdings => new(new RedisRepoContext(Connection, Prefix) { LoggerFactory = _logs.Factory() });

    [Fact]
    public async Task Successful_saves_and_reads_log_nothing_above_debug()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "AAPL" }, new Holding { Id = "h2", Ticker = "AAPL" }]);
        await Holdings.GetAsync("h1");
        await Holdings.FindByTickerAsync("AAPL");
        await Holdings.DeleteAsync("h2");

        // Debug holds only the scripts a fresh server meets for the first time
        Assert.All(_logs.Entries, e => Assert.Equal((LogLevel.Debug, "ScriptReloaded"), (e.Level, e.EventId.Name!)));
    }

    [Fact]
    public async Task Repaired_index_entries_are_a_warning_naming_the_model_operation_and_index()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "AAPL" }, new Holding { Id = "h2", Ticker = "AAPL" }]);
        await Database.KeyDeleteAsync(Prefix + "fund:holding:h1");

        await Holdings.FindByTickerAsync("AAPL");

        LogCapture.Entry entry = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Information);
        Assert.Equal(("RedisRepo", LogLevel.Warning, "IndexEntriesRepaired"), (entry.Category, entry.Level, entry.EventId.Name));
        Assert.Contains("Holding.FindByTickerAsync: removed 1 stale entries from index Ticker", entry.Message);
    }

    [Fact]
    public async Task An_entity_a_rebuild_skips_is_a_warning_naming_its_key_and_why()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" });
        await Database.StringSetAsync(Prefix + "fund:holding:bad", "not messagepack");

        IndexRebuildResult result = await Holdings.RebuildIndexesAsync();

        IndexRebuildSkip skip = Assert.Single(result.Skipped);
        LogCapture.Entry entry = Assert.Single(_logs.Entries, e => e.EventId.Name == "RebuildSkippedEntity");
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains($"skipped {Prefix}fund:holding:bad", entry.Message);
        Assert.Contains(skip.Reason, entry.Message);
    }

    [Fact]
    public async Task A_script_sent_again_after_the_server_lost_it_is_logged_at_debug()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        var holdings = new HoldingRepository(new RedisRepoContext(connection) { LoggerFactory = _logs.Factory() });
        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" });
        await connection.GetServer(connection.GetEndPoints()[0]).ScriptFlushAsync();
        _logs.Clear();

        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "MSFT" });

        LogCapture.Entry entry = Assert.Single(_logs.Entries);
        Assert.Equal((LogLevel.Debug, "ScriptReloaded"), (entry.Level, entry.EventId.Name));
        Assert.Contains($"127.0.0.1:{server.Port}", entry.Message);
        Assert.Contains("script write", entry.Message);
    }

    [Theory]
    [InlineData("allkeys-lru", true)]
    [InlineData("allkeys-lfu", true)]
    [InlineData("volatile-lru", false)]
    [InlineData("noeviction", false)]
    public async Task Warm_up_warns_about_a_maxmemory_policy_that_can_evict_index_keys(string policy, bool warns)
    {
        using RedisServerProcess server = RedisServerProcess.Start("--maxmemory-policy", policy);
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        services.AddRedisRepo(server.Configuration);
        services.AddRedisRepoWarmUp();
        await using ServiceProvider provider = services.BuildServiceProvider();

        await Assert.Single(provider.GetServices<IHostedService>()).StartAsync(CancellationToken.None);

        LogCapture.Entry[] warnings = _logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToArray();
        Assert.Equal(warns ? 1 : 0, warnings.Length);
        if (warns)
        {
            Assert.Equal("UnsafeEvictionPolicy", warnings[0].EventId.Name);
            Assert.Contains($"127.0.0.1:{server.Port} has maxmemory-policy {policy}", warnings[0].Message);
        }

        // a fresh server has no scripts: each one loaded is a Debug entry
        Assert.Equal(RedisRepo.Scripts.ScriptLibrary.All.Count, _logs.Entries.Count(e => e.Level == LogLevel.Debug && e.EventId.Name == "ScriptLoaded"));
    }
}
