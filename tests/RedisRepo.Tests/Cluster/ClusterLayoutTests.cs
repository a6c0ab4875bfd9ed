using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// What a cluster changes: sharded models spread evenly over the primaries, unsharded ones fail
/// fast with the fix, and an all-or-nothing batch stays within one slot.
/// </summary>
public sealed class ClusterLayoutTests : IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    private ConnectionMultiplexer _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.ConnectionAsync();

    public async Task DisposeAsync()
    {
        foreach (IServer server in Primaries())
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: KeyLayout.Escape(_prefix) + "*"))
            {
                await _cluster.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }

    [Fact]
    public async Task Sixteen_buckets_put_at_least_a_quarter_of_the_entities_on_every_primary()
    {
        var positions = new ShardedPositionRepository(new RedisRepoContext(_cluster, _prefix));
        await positions.SaveManyAsync(Enumerable.Range(0, 2_000).Select(i => new ShardedPosition { Id = "p" + i, Ticker = "T" }));

        var perPrimary = new List<int>();
        foreach (IServer server in Primaries())
        {
            int entities = 0;
            await foreach (RedisKey _ in server.KeysAsync(pattern: KeyLayout.Escape(_prefix + "shard:position:") + "*"))
            {
                entities++;
            }

            perPrimary.Add(entities);
        }

        Assert.Equal(3, perPrimary.Count);
        Assert.Equal(2_000, perPrimary.Sum());
        Assert.All(perPrimary, n => Assert.True(n >= 500, $"entities per primary: {string.Join(", ", perPrimary)}"));
        Assert.Equal(2_000, await positions.CountByTickerAsync("T"));
    }

    [Fact]
    public void Bucket_tags_sit_on_evenly_spaced_slots_and_the_bucket_is_crc16_of_the_key_id()
    {
        for (int b = 0; b < 16; b++)
        {
            Assert.Equal(((2 * b) + 1) * 16384 / 32, Buckets.SlotOf(Buckets.Tag(b, 16)));
            Assert.Equal(Buckets.TargetSlot(b, 16), _cluster.HashSlot("x{" + Buckets.Tag(b, 16) + "}y"));
        }

        Assert.Equal(Buckets.SlotOf("p7") % 16, Buckets.Of("p7", 16)); // CRC16(id) mod 16, as the docs say
        Assert.Equal(_cluster.HashSlot("p7"), Buckets.SlotOf("p7"));
        Assert.Equal(0, Buckets.Of("anything", 1));
    }

    [Fact]
    public async Task An_unsharded_model_fails_fast_naming_the_fix_and_works_when_a_prefix_pins_it_to_one_slot()
    {
        var unsharded = new PositionRepository(new RedisRepoContext(_cluster, _prefix));

        var error = await Assert.ThrowsAsync<RedisRepoException>(() => unsharded.SaveAsync(new Position { Id = "p1" }));

        Assert.Contains("Position", error.Message);
        Assert.Contains("Shards = 16", error.Message);
        var pinned = new PositionRepository(new RedisRepoContext(_cluster, "{" + _prefix + "}:"));
        await pinned.SaveManyAsync([new Position { Id = "p1" }, new Position { Id = "p2" }]);
        Assert.Equal(2, await pinned.CountAsync());
        Assert.Equal(2, await pinned.DeleteManyAsync(["p1", "p2"]));
    }

    [Fact]
    public async Task An_all_or_nothing_batch_over_two_slots_throws_before_writing_and_one_bucket_stays_atomic()
    {
        var context = new RedisRepoContext(_cluster, _prefix);
        var settings = new PinnedSettingRepository(context);
        var positions = new ShardedPositionRepository(context);
        RedisBatch crossing = context.CreateBatch(atomic: true);
        positions.Save(crossing, new ShardedPosition { Id = "a" });
        settings.Save(crossing, new PinnedSetting { Name = "n" });

        var error = await Assert.ThrowsAsync<RedisRepoException>(() => crossing.ExecuteAsync());

        Assert.Contains("one slot", error.Message);
        Assert.Equal(0, await positions.CountAsync());
        RedisBatch pinned = context.CreateBatch(atomic: true);
        settings.Save(pinned, new PinnedSetting { Name = "a", Value = "1" });
        settings.Save(pinned, new PinnedSetting { Name = "b", Value = "2" });
        await pinned.ExecuteAsync();
        Assert.Equal(2, await settings.CountAsync());
    }

    [Fact]
    public async Task Writes_wait_for_the_replicas_asked_for_and_a_shortfall_says_the_write_may_not_survive_a_failover()
    {
        var replicated = new ShardedPositionRepository(new RedisRepoContext(_cluster, _prefix) { WaitForReplicas = 1, ReplicaWaitTimeout = TimeSpan.FromSeconds(5) });
        await replicated.SaveAsync(new ShardedPosition { Id = "p1", Reference = "R1" });
        await replicated.SaveManyAsync(Enumerable.Range(2, 100).Select(i => new ShardedPosition { Id = "p" + i }));
        Assert.True(await replicated.DeleteAsync("p2"));

        var overAsked = new ShardedPositionRepository(new RedisRepoContext(_cluster, _prefix) { WaitForReplicas = 2, ReplicaWaitTimeout = TimeSpan.FromMilliseconds(100) });
        var shortfall = await Assert.ThrowsAsync<RedisRepoException>(() => overAsked.SaveAsync(new ShardedPosition { Id = "p200" }));

        Assert.Contains("only 1 of the 2 replicas", shortfall.Message);
        Assert.Contains("may not survive a failover", shortfall.Message);
        Assert.NotNull(await replicated.GetAsync("p200")); // applied on the primary all the same
        Assert.Equal(101, await replicated.CountAsync()); // p1, p3..p101 and p200
    }

    private IEnumerable<IServer> Primaries() => _cluster.GetServers().Where(s => s.IsConnected && !s.IsReplica);
}
