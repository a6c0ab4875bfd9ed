using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// The server loses its script cache (SCRIPT FLUSH, a restart, a promoted replica): no write is
/// lost or reordered. A SaveManyAsync with repeated ids keeps each id's last occurrence.
/// </summary>
public sealed class ScriptCacheLossTests : IAsyncLifetime
{
    private const int Entities = 20_000, Ids = 2_000;

    private FaultServer _redis = null!;

    public async Task InitializeAsync() => _redis = await FaultServer.StartAsync("--appendonly", "yes", "--appendfsync", "everysec");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public Task SaveMany_with_repeated_ids_keeps_the_last_occurrence_when_the_cache_is_flushed_mid_call() =>
        SaveManyWhileAsync(server => server.ScriptFlushAsync());

    [Fact]
    public Task SaveMany_keeps_the_last_occurrence_when_another_client_reloads_the_script_between_its_chunks() =>
        // The race that EVALSHA pipelining alone loses: a chunk fails with NOSCRIPT, someone else loads
        // the script, and the next chunk would run before the failed one is sent again.
        SaveManyWhileAsync(async server =>
        {
            await server.ScriptFlushAsync();
            await server.ScriptLoadAsync(RedisRepo.Scripts.WriteScript.Script.Lua);
        });

    [Fact]
    public async Task A_restarted_server_is_served_in_order_from_the_first_call()
    {
        var holdings = new HoldingRepository(_redis.Context);
        await holdings.SaveManyAsync(Generation(0));
        _redis.Process.Kill();
        _redis.Process.Restart();
        await _redis.ReconnectedAsync();

        await holdings.SaveManyAsync(Generation(1));

        await AssertLastOccurrencesAsync(holdings, 1);
    }

    [Fact]
    public async Task A_cache_flushed_between_calls_costs_one_reload_and_nothing_else()
    {
        var holdings = new HoldingRepository(_redis.Context);
        await holdings.SaveManyAsync(Generation(0).Take(200)); // one chunk: EVALSHA
        await _redis.Server.ScriptFlushAsync();

        await holdings.SaveManyAsync(Generation(1).Take(200));
        await holdings.SaveAsync(new Holding { Id = "h1", Sequence = -1 });

        Assert.Equal(-1, (await holdings.GetAsync("h1"))!.Sequence);
        await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
    }

    /// <summary>
    /// Ten SaveManyAsync calls, each while another connection injects <paramref name="fault"/> again
    /// and again until the call completes (so between its chunks); then every id holds its last occurrence.
    /// </summary>
    private async Task SaveManyWhileAsync(Func<IServer, Task> fault)
    {
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(_redis.Process.Configuration + ",allowAdmin=true");
        IServer server = admin.GetServer(admin.GetEndPoints()[0]);
        for (int run = 0; run < 10; run++)
        {
            var holdings = new HoldingRepository(_redis.Context);
            Task save = holdings.SaveManyAsync(Generation(run));
            int faults = 0;
            while (!save.IsCompleted)
            {
                await fault(server);
                faults++;
            }

            await save;
            Assert.True(faults > 0);
            await AssertLastOccurrencesAsync(holdings, run);
        }
    }

    /// <summary>20,000 saves over 2,000 ids: each id's last occurrence carries the largest sequence.</summary>
    private static IEnumerable<Holding> Generation(int run) =>
        Enumerable.Range(0, Entities).Select(i => new Holding
        {
            Id = "h" + (i % Ids),
            Ticker = "T" + ((i + run) % 7),
            Isin = "I" + (i % Ids),
            Sequence = (run * (long)Entities) + i,
        });

    private async Task AssertLastOccurrencesAsync(HoldingRepository holdings, int run)
    {
        IReadOnlyList<Holding?> stored = await holdings.GetManyAsync(Enumerable.Range(0, Ids).Select(i => "h" + i));
        for (int i = 0; i < Ids; i++)
        {
            long last = (run * (long)Entities) + Entities - Ids + i;
            Assert.True(stored[i]?.Sequence == last, $"run {run}: h{i} holds {stored[i]?.Sequence}, not its last occurrence {last}");
        }

        await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
        Assert.Empty(_redis.Server.Keys(pattern: "*#seq:*")); // every sequence ended, whatever was sent again
    }
}
