using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// Round trips and fan-out on the cluster, counted: batches are grouped per bucket and all sent
/// before any reply is awaited; whole-model reads ask every bucket at once. Every primary is
/// paused (CLIENT PAUSE) while a call starts, so commands sent without waiting are all created
/// before any completes. Pausing is cluster-wide: the class runs alone.
/// </summary>
[Collection(nameof(ServerWideCollection))]
public sealed class ClusterRoundTripTests : IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    private CommandLog _log = null!;

    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await RedisCluster.ConnectionAsync();
        _log = await CommandLog.ConnectAsync(RedisCluster.Configuration);
    }

    public async Task DisposeAsync()
    {
        foreach (IServer server in _admin.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: KeyLayout.Escape(_prefix) + "*"))
            {
                await _admin.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await _log.DisposeAsync();
    }

    [Fact]
    public async Task Batches_cost_one_round_of_concurrent_round_trips_and_model_reads_ask_every_bucket_at_once()
    {
        var sessions = new ShardedSessionRepository(new RedisRepoContext(_log.Connection, _prefix));
        string[] ids = Enumerable.Range(0, 1_000).Select(i => "s" + i).ToArray();
        int buckets = ids.Select(id => Buckets.Of(id, 4)).Distinct().Count();
        int chunks = ids.GroupBy(id => Buckets.Of(id, 4)).Sum(bucket => (bucket.Count() + 255) / 256); // at most 256 operations per script call

        CommandLog.Commands save = await PausedAsync(() => sessions.SaveManyAsync(ids.Select(id => new ShardedSession { Id = id, User = "ann" })));
        CommandLog.Commands getMany = await PausedAsync(() => sessions.GetManyAsync(ids));
        CommandLog.Commands count = await PausedAsync(() => sessions.CountAsync());
        CommandLog.Commands findBy = await PausedAsync(() => sessions.FindByUserAsync("ann"));
        CommandLog.Commands get = await _log.RecordAsync(() => sessions.GetAsync("s1"));
        CommandLog.Commands delete = await PausedAsync(() => sessions.DeleteManyAsync(ids));

        Assert.Equal(4, buckets);
        Assert.Equal((1, chunks), (save.RoundTrips, save.Count("EVALSHA") + save.Count("EVAL")));
        Assert.Equal(1, getMany.RoundTrips); // sliding: touch.lua per bucket
        Assert.Equal((1, 4), (count.RoundTrips, count.Count("EVALSHA")));
        Assert.Equal(["ZRANGEBYLEX", "ZRANGEBYLEX", "ZRANGEBYLEX", "ZRANGEBYLEX"], findBy.Names.Take(4)); // every bucket asked before any answers
        Assert.True(findBy.Count("MGET") == 4, findBy.Timeline); // then each bucket's entities (see the next test)
        Assert.Equal(["EVALSHA"], get.Names); // a sliding read re-arms in its own bucket: one script
        Assert.Equal((1, chunks), (delete.RoundTrips, delete.Count("EVALSHA") + delete.Count("EVAL")));
        Assert.Equal(0, await sessions.CountAsync());
    }

    [Fact]
    public async Task A_FindBy_bucket_reads_its_entities_as_soon_as_its_own_ids_are_in_without_waiting_for_a_slow_bucket()
    {
        var sessions = new ShardedSessionRepository(new RedisRepoContext(_log.Connection, _prefix));
        await sessions.SaveManyAsync(Enumerable.Range(0, 100).Select(i => new ShardedSession { Id = "s" + i, User = "bob" }));
        IServer slow = await PrimaryWithSomeBucketsAsync();

        await slow.ExecuteAsync("CLIENT", "PAUSE", 250, "ALL"); // only this primary's buckets answer late
        CommandLog.Commands findBy = await _log.RecordAsync(() => sessions.FindByUserAsync("bob"));

        Assert.Equal(4, findBy.Count("MGET"));
        Assert.True(findBy.FirstCreated("MGET") < findBy.LastCompleted("ZRANGEBYLEX"), findBy.Timeline);
    }

    /// <summary>A primary holding some, not all, of this test's keys (with 4 buckets on 3 primaries, one to three buckets).</summary>
    private async Task<IServer> PrimaryWithSomeBucketsAsync()
    {
        var counts = new List<(IServer Server, int Keys)>();
        foreach (IServer server in _admin.GetServers().Where(s => !s.IsReplica))
        {
            int keys = 0;
            await foreach (RedisKey _ in server.KeysAsync(pattern: KeyLayout.Escape(_prefix) + "*"))
            {
                keys++;
            }

            counts.Add((server, keys));
        }

        int all = counts.Sum(c => c.Keys);
        return counts.First(c => c.Keys > 0 && c.Keys < all).Server;
    }

    /// <summary>Records a call with every primary paused for its first 250 ms.</summary>
    private async Task<CommandLog.Commands> PausedAsync(Func<Task> action)
    {
        foreach (IServer server in _admin.GetServers().Where(s => !s.IsReplica))
        {
            await server.ExecuteAsync("CLIENT", "PAUSE", 250, "ALL");
        }

        return await _log.RecordAsync(action);
    }
}
