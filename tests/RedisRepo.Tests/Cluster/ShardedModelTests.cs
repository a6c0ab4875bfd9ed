using RedisRepo.Scripts;
using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// A model spread over buckets (<c>Shards = N</c>) keeps every guarantee, on a Redis Cluster and on
/// a standalone server alike: each capability runs on both (the two classes below).
/// </summary>
public abstract class ShardedModelTests : IAsyncLifetime
{
    private const string Meta = "shard:position#";

    protected string Prefix { get; } = $"test:{Guid.NewGuid():N}:";

    protected ConnectionMultiplexer Connection { get; private set; } = null!;

    protected RedisRepoContext Context { get; private set; } = null!;

    protected IDatabase Database => Connection.GetDatabase();

    private ShardedPositionRepository Positions => new(Context);

    protected abstract Task<ConnectionMultiplexer> ConnectAsync();

    public async Task InitializeAsync()
    {
        Connection = await ConnectAsync();
        Context = new RedisRepoContext(Connection, Prefix) { UniqueClaimLease = TimeSpan.FromMilliseconds(400) };
    }

    public async Task DisposeAsync()
    {
        foreach (RedisKey key in await KeysAsync())
        {
            await Database.KeyDeleteAsync(key);
        }
    }

    [Fact]
    public async Task Each_entity_lives_in_its_own_bucket_and_deleting_all_leaves_no_key_on_any_primary()
    {
        ShardedPosition[] all = Enumerable.Range(0, 200).Select(i => new ShardedPosition { Id = "p" + i, Ticker = "T" + (i % 3), Reference = "R" + i, Sequence = i }).ToArray();
        await Positions.SaveManyAsync(all);

        Assert.Equal(200, await Positions.CountAsync());
        ShardedPosition p7 = (await Positions.GetAsync("p7"))!;
        Assert.Equal(("T1", 1L), (p7.Ticker, p7.Version));
        Assert.True(await Positions.ExistsAsync("p7"));
        Assert.Contains((RedisKey)KeyOf("shard:position:", "p7", 16), await KeysAsync());
        Assert.Equal(all.Select(p => p.Id).Order(StringComparer.Ordinal), (await Positions.GetAllAsync()).Select(p => p.Id).Order(StringComparer.Ordinal));
        var scanned = new List<string>();
        await foreach (ShardedPosition p in Positions.ScanAsync(pageSize: 7))
        {
            scanned.Add(p.Id);
        }

        Assert.Equal(all.Select(p => p.Id).Order(StringComparer.Ordinal), scanned.Order(StringComparer.Ordinal));
        Assert.Equal(["p3", null, "p199"], (await Positions.GetManyAsync(["p3", "nobody", "p199"])).Select(p => p?.Id));
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);

        Assert.Equal(200, await Positions.DeleteManyAsync(all.Select(p => p.Id)));

        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Every_index_kind_answers_exactly_what_one_sorted_list_of_everything_gives()
    {
        var random = new Random(7);
        ShardedPosition[] all = Enumerable.Range(0, 300).Select(i => new ShardedPosition { Id = "p" + i, Ticker = "T" + random.Next(4), Reference = "R" + i, Sequence = random.Next(-50, 50) }).ToArray();
        await Positions.SaveManyAsync(all);
        var ordered = all.OrderBy(p => p.Sequence).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();

        foreach (string ticker in new[] { "T0", "T1", "T2", "T3" })
        {
            Assert.Equal(all.Where(p => p.Ticker == ticker).Select(p => p.Id).Order(StringComparer.Ordinal), (await Positions.FindByTickerAsync(ticker)).Select(p => p.Id).Order(StringComparer.Ordinal));
            Assert.Equal(all.Count(p => p.Ticker == ticker), await Positions.CountByTickerAsync(ticker));
        }

        Assert.Equal("p42", (await Positions.GetByReferenceAsync("R42"))?.Id);
        Assert.Null(await Positions.GetByReferenceAsync("nobody"));
        foreach ((int skip, int take, bool descending) in new[] { (0, 10, false), (17, 25, false), (0, 300, true), (290, 50, false), (5, 1, true) })
        {
            IEnumerable<ShardedPosition> inMemory = descending ? Enumerable.Reverse(ordered) : ordered;
            Assert.Equal(
                inMemory.Where(p => p.Sequence is >= -20 and <= 30).Skip(skip).Take(take).Select(p => p.Id),
                (await Positions.FindBySequenceBetweenAsync(-20, 30, skip, take, descending)).Select(p => p.Id));
        }

        Assert.Equal(all.Count(p => p.Sequence is >= -20 and <= 30), await Positions.CountBySequenceBetweenAsync(-20, 30));
    }

    [Fact]
    public async Task Of_thirty_writers_racing_for_one_unique_value_from_different_buckets_exactly_one_wins()
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ConnectAsync()));
        Task<bool>[] racers = Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var positions = new ShardedPositionRepository(new RedisRepoContext(connections[i % connections.Length], Prefix));
            try
            {
                await positions.SaveAsync(new ShardedPosition { Id = "racer" + i, Reference = "CONTESTED" });
                return true;
            }
            catch (RedisRepoUniqueConstraintException e)
            {
                Assert.Equal(("ShardedPosition", "Reference", "CONTESTED"), (e.Model, e.Property, e.Value));
                return false;
            }
        })).ToArray();

        bool[] won = await Task.WhenAll(racers);

        Assert.Single(won, w => w);
        Assert.Equal(1, await Positions.CountAsync()); // the losers wrote nothing
        string winner = "racer" + Array.IndexOf(won, true);
        Assert.Equal(winner, (await Positions.GetByReferenceAsync("CONTESTED"))?.Id);
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task A_claim_left_by_a_writer_that_died_before_writing_blocks_only_until_its_lease_passes()
    {
        RedisKey claims = ClaimsKey("ORPHAN");
        (string outcome, _, _) = await ClaimScript.RunAsync(Database, claims, "ORPHAN", "ghost", Guid.NewGuid().ToString("N"), 400, null, "ShardedPosition", "test"); // step 1, then the writer dies
        Assert.Equal(ScriptProtocol.ClaimTaken, outcome);

        var held = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Positions.SaveAsync(new ShardedPosition { Id = "p1", Reference = "ORPHAN" }));
        Assert.Equal("ghost", held.HolderId);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Positions.SaveAsync(new ShardedPosition { Id = "p1", Reference = "ORPHAN" });
                return true;
            }
            catch (RedisRepoUniqueConstraintException)
            {
                return false;
            }
        });

        Assert.Equal("p1", (await Positions.GetByReferenceAsync("ORPHAN"))?.Id);
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task A_claim_left_by_a_writer_that_died_before_releasing_it_is_taken_over_after_checking_the_holders_record()
    {
        await Positions.SaveAsync(new ShardedPosition { Id = "e", Reference = "OLD" });
        ShardedPosition e = (await Positions.GetAsync("e"))!;
        e.Reference = "NEW";
        await Positions.SaveAsync(e);
        await Database.HashSetAsync(ClaimsKey("OLD"), "OLD", "1|" + Guid.NewGuid().ToString("N") + "|e"); // the release of OLD never happened
        await Database.HashSetAsync(ClaimsKey("NEW"), "NEW", "1|" + ((string)(await Database.HashGetAsync(ClaimsKey("NEW"), "NEW"))!).Split('|')[1] + "|e"); // NEW's lease passed, e's record lists it

        await Positions.SaveAsync(new ShardedPosition { Id = "f", Reference = "OLD" });
        var taken = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Positions.SaveAsync(new ShardedPosition { Id = "g", Reference = "NEW" }));

        Assert.Equal("e", taken.HolderId);
        Assert.Equal("f", (await Positions.GetByReferenceAsync("OLD"))?.Id);
        Assert.Equal("e", (await Positions.GetByReferenceAsync("NEW"))?.Id);
        Assert.Null(await Positions.GetAsync("g"));
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task Moving_and_deleting_unique_values_frees_them_for_others()
    {
        await Positions.SaveManyAsync([new ShardedPosition { Id = "a", Reference = "X" }, new ShardedPosition { Id = "b", Reference = "Y" }]);
        ShardedPosition a = (await Positions.GetAsync("a"))!;
        a.Reference = "Z";
        await Positions.SaveAsync(a);
        await Positions.DeleteAsync("b");

        await Positions.SaveManyAsync([new ShardedPosition { Id = "c", Reference = "X" }, new ShardedPosition { Id = "d", Reference = "Y" }]);

        Assert.Equal("a", (await Positions.GetByReferenceAsync("Z"))?.Id);
        Assert.Equal("c", (await Positions.GetByReferenceAsync("X"))?.Id);
        Assert.Equal("d", (await Positions.GetByReferenceAsync("Y"))?.Id);
        var batch = await Assert.ThrowsAsync<RedisRepoBatchException>(() => Positions.SaveManyAsync([new ShardedPosition { Id = "e", Reference = "Z" }, new ShardedPosition { Id = "f", Reference = "W" }]));
        Assert.Equal("a", Assert.IsType<RedisRepoUniqueConstraintException>(Assert.Single(batch.Failures)).HolderId);
        Assert.Null(await Positions.GetAsync("e"));
        Assert.Equal("f", (await Positions.GetByReferenceAsync("W"))?.Id);
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task SaveMany_with_repeated_ids_keeps_each_ids_last_value_and_versions_guard_every_bucket()
    {
        var sessions = new ShardedSessionRepository(Context);
        await sessions.SaveManyAsync(Enumerable.Range(0, 3_000).Select(i => new ShardedSession { Id = "s" + (i % 500), User = "u" + i }));

        IReadOnlyList<ShardedSession?> stored = await sessions.GetManyAsync(Enumerable.Range(0, 500).Select(i => "s" + i));
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal("u" + (2_500 + i), stored[i]!.User));
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedSessionRepository.Description);

        await Positions.SaveManyAsync(Enumerable.Range(0, 100).Select(i => new ShardedPosition { Id = "p" + i, Reference = "R" + i }));
        ShardedPosition p1 = (await Positions.GetAsync("p1"))!;
        await Positions.SaveAsync(p1);
        p1.Version--;
        var stale = await Assert.ThrowsAsync<RedisRepoConcurrencyException>(() => Positions.SaveAsync(p1));
        Assert.Equal((2L, 1L), (stale.StoredVersion, stale.ExpectedVersion));
        var again = await Assert.ThrowsAsync<RedisRepoBatchException>(() => Positions.SaveManyAsync([new ShardedPosition { Id = "p2", Reference = "R2" }]));
        Assert.IsType<RedisRepoConcurrencyException>(Assert.Single(again.Failures)); // an insert over an existing entity
        Assert.Equal("p2", (await Positions.GetByReferenceAsync("R2"))?.Id);
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task Ttl_sliding_reads_sweep_and_cache_aside_work_bucket_by_bucket()
    {
        var sessions = new ShardedSessionRepository(Context);
        await sessions.SaveManyAsync(Enumerable.Range(0, 40).Select(i => new ShardedSession { Id = "s" + i, User = "ann" }));
        Assert.InRange((await sessions.GetTimeToLiveAsync("s3"))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Equal(40, await sessions.CountByUserAsync("ann"));
        ShardedSession loaded = await sessions.GetOrAddAsync("s99", () => Task.FromResult(new ShardedSession { Id = "s99", User = "bob" }));
        Assert.Equal("bob", (await sessions.GetAsync("s99"))!.User);
        Assert.Equal("bob", loaded.User);

        for (int i = 0; i < 10; i++)
        {
            // As Redis leaves an expired entity: its key gone, its score in the past.
            string id = "s" + i;
            await Database.KeyDeleteAsync(KeyOf("shard:session:", id, 4));
            await Database.SortedSetAddAsync(Prefix + "shard:session#{" + Buckets.Tag(Buckets.Of(id, 4), 4) + "}:ids", id, 1);
        }

        Assert.Equal(31, await sessions.CountAsync());
        Assert.Equal(10, await sessions.SweepExpiredAsync());
        Assert.Equal(30, await sessions.CountByUserAsync("ann"));
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedSessionRepository.Description);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Random_histories_leave_exactly_what_an_in_memory_model_holds(int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<string, ShardedPosition>();
        for (int step = 0; step < 400; step++)
        {
            string id = "p" + random.Next(60);
            if (random.Next(5) == 0)
            {
                Assert.Equal(model.Remove(id), await Positions.DeleteAsync(id));
                continue;
            }

            var next = new ShardedPosition
            {
                Id = id,
                Ticker = "T" + random.Next(5),
                Reference = random.Next(3) == 0 ? null : "R" + random.Next(80),
                Sequence = random.Next(-100, 100),
                Version = model.TryGetValue(id, out ShardedPosition? current) ? current.Version : 0,
            };
            bool taken = next.Reference is not null && model.Values.Any(p => p.Id != id && p.Reference == next.Reference);
            if (taken)
            {
                await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Positions.SaveAsync(next));
            }
            else
            {
                await Positions.SaveAsync(next);
                model[id] = next;
            }
        }

        Dictionary<string, ShardedPosition> stored = await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach ((string id, ShardedPosition expected) in model)
        {
            Assert.Equal((expected.Ticker, expected.Reference, expected.Sequence, expected.Version), (stored[id].Ticker, stored[id].Reference, stored[id].Sequence, stored[id].Version));
        }

        foreach (string reference in model.Values.Select(p => p.Reference).OfType<string>())
        {
            Assert.Equal(model.Values.Single(p => p.Reference == reference).Id, (await Positions.GetByReferenceAsync(reference))?.Id);
        }

        for (int t = 0; t < 5; t++)
        {
            Assert.Equal(model.Values.Where(p => p.Ticker == "T" + t).Select(p => p.Id).Order(StringComparer.Ordinal), (await Positions.FindByTickerAsync("T" + t)).Select(p => p.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task An_entry_for_another_buckets_id_in_a_buckets_index_is_neither_answered_twice_nor_a_failure_and_is_removed()
    {
        await Positions.SaveManyAsync([new ShardedPosition { Id = "p1", Ticker = "T1" }, new ShardedPosition { Id = "p2", Ticker = "T1" }]);
        int home = Buckets.Of("p1", 16);
        RedisKey elsewhere = Prefix + Meta + "{" + Buckets.Tag((home + 1) % 16, 16) + "}:eq:Ticker";
        string foreign = IndexKeys.EqualityMember("T1", "p1");
        await Database.SortedSetAddAsync(elsewhere, foreign, 0); // by hand: p1 lives in its own bucket

        Assert.Equal(["p1", "p2"], (await Positions.FindByTickerAsync("T1")).Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Null(await Database.SortedSetScoreAsync(elsewhere, foreign)); // removed by the read, in the bucket it was found in
        Assert.Equal(["p1", "p2"], (await Positions.FindByTickerAsync("T1")).Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_range_entry_for_another_buckets_id_never_answers_an_entity_twice_and_take_stays_exact()
    {
        await Positions.SaveManyAsync(Enumerable.Range(1, 6).Select(i => new ShardedPosition { Id = "p" + i, Sequence = i }));
        int home = Buckets.Of("p1", 16);
        RedisKey elsewhere = Prefix + Meta + "{" + Buckets.Tag((home + 1) % 16, 16) + "}:rg:Sequence";
        string foreign = IndexValues.Order(1L) + "p1";
        await Database.SortedSetAddAsync(elsewhere, foreign, 0); // by hand: p1's entry belongs in its own bucket

        Assert.Equal(["p1", "p2", "p3"], (await Positions.FindBySequenceBetweenAsync(0, 10, 0, 3, false)).Select(p => p.Id));
        Assert.Null(await Database.SortedSetScoreAsync(elsewhere, foreign));
        Assert.Equal(["p6", "p5", "p4", "p3", "p2", "p1"], (await Positions.FindBySequenceBetweenAsync(0, 10, 0, 10, true)).Select(p => p.Id));
    }

    [Fact]
    public async Task Rebuild_scans_every_primary_and_restores_every_bucket()
    {
        await Positions.SaveManyAsync(Enumerable.Range(0, 400).Select(i => new ShardedPosition { Id = "p" + i, Ticker = "T" + (i % 5), Reference = "R" + i, Sequence = i }));
        for (int b = 0; b < 16; b++)
        {
            string meta = Prefix + Meta + "{" + Buckets.Tag(b, 16) + "}:";
            await Database.KeyDeleteAsync([meta + "eq:Ticker", meta + "rg:Sequence", meta + "ids"]);
        }

        IndexRebuildResult rebuilt = await Positions.RebuildIndexesAsync(batchSize: 50);

        Assert.Equal(400, rebuilt.Reindexed);
        Assert.Empty(rebuilt.Skipped);
        Assert.Equal(80, await Positions.CountByTickerAsync("T2"));
        Assert.Equal("p9", (await Positions.GetByReferenceAsync("R9"))?.Id);
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description);
    }

    [Fact]
    public async Task Rebuild_restores_a_lost_claim_and_releases_one_whose_holder_never_wrote()
    {
        await Positions.SaveManyAsync([new ShardedPosition { Id = "p1", Reference = "R1" }, new ShardedPosition { Id = "p2", Reference = "R2" }]);
        await Database.HashDeleteAsync(ClaimsKey("R1"), "R1"); // lost with a failed-over primary
        await Database.HashSetAsync(ClaimsKey("R9"), "R9", "1|" + Guid.NewGuid().ToString("N") + "|ghost"); // a writer that died after claiming

        IndexRebuildResult rebuilt = await Positions.RebuildIndexesAsync();

        Assert.Empty(rebuilt.Skipped);
        Assert.Equal(1, rebuilt.OrphansRemoved);
        Assert.False(await Database.HashExistsAsync(ClaimsKey("R9"), "R9"));
        var taken = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Positions.SaveAsync(new ShardedPosition { Id = "p3", Reference = "R1" }));
        Assert.Equal("p1", taken.HolderId);
        await Positions.SaveAsync(new ShardedPosition { Id = "p3", Reference = "R9" });
        await IndexConsistency.AssertAsync(Database, Prefix, ShardedPositionRepository.Description); // claims name their holders with the records' tokens
    }

    /// <summary>Every key under this test's prefix, on every primary.</summary>
    protected async Task<List<RedisKey>> KeysAsync()
    {
        var keys = new List<RedisKey>();
        foreach (IServer server in Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: KeyLayout.Escape(Prefix) + "*", pageSize: 1000))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private RedisKey ClaimsKey(string value) => Prefix + Meta + "{" + Buckets.Tag(Buckets.Of(value, 16), 16) + "}:uq:Reference";

    private RedisKey KeyOf(string modelPrefix, string id, int shards) => Prefix + modelPrefix + "{" + Buckets.Tag(Buckets.Of(id, shards), shards) + "}:" + id;
}

/// <summary><see cref="ShardedModelTests"/> on the 6-node Redis Cluster the test run starts.</summary>
public sealed class ShardedModelOnClusterTests : ShardedModelTests
{
    protected override Task<ConnectionMultiplexer> ConnectAsync() => RedisCluster.ConnectionAsync();
}

/// <summary><see cref="ShardedModelTests"/> on the standalone server.</summary>
public sealed class ShardedModelOnStandaloneTests : ShardedModelTests
{
    protected override Task<ConnectionMultiplexer> ConnectAsync() => RedisServer.ConnectionAsync();
}
