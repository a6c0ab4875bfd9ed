using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Indexes;

/// <summary>
/// Index keys damaged by hand: readers filter what the entities no longer back (and repair it
/// lazily), and RebuildIndexesAsync restores exact answers from the entities, in bounded batches.
/// </summary>
public sealed class IndexRepairTests : RedisTest
{
    private const string Meta = "fund:holding#";

    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task FindBy_never_returns_an_entity_through_a_value_it_no_longer_has()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "AAPL" }, new Holding { Id = "h2", Ticker = "MSFT" }]);
        RedisKey tickers = Prefix + Meta + "eq:Ticker";
        await Database.SortedSetAddAsync(tickers, IndexKeys.EqualityMember("AAPL", "h2"), 0);      // h2 holds MSFT
        await Database.SortedSetAddAsync(tickers, IndexKeys.EqualityMember("AAPL", "missing"), 0); // no such entity, not in "all ids"

        Assert.Equal(["h1"], (await Holdings.FindByTickerAsync("AAPL")).Select(h => h.Id));
        Assert.Equal(["4:AAPLh1"], await AaplMembersAsync()); // h2's stale entry and the one of no entity were repaired by the read

        await Database.SortedSetAddAsync(tickers, IndexKeys.EqualityMember("AAPL", "ghost"), 0);
        IndexRebuildResult rebuilt = await Holdings.RebuildIndexesAsync();

        Assert.Equal(["4:AAPLh1"], await AaplMembersAsync());
        Assert.Equal(1, rebuilt.OrphansRemoved);

        async Task<string[]> AaplMembersAsync() =>
            (await Database.SortedSetRangeByValueAsync(tickers, "4:AAPL", "4:AAPL\uffff")).Select(m => (string)m!).ToArray();
    }

    [Fact]
    public async Task A_range_entry_with_a_stale_value_is_filtered_and_removed()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Sequence = 10 }, new Holding { Id = "h2", Sequence = 20 }]);
        RedisKey range = Prefix + Meta + "rg:Sequence";
        await Database.SortedSetAddAsync(range, IndexValues.Order(15L) + "h2", 0); // h2 is at 20, not 15

        Assert.Equal(["h1"], (await Holdings.FindBySequenceBetweenAsync(0, 15)).Select(h => h.Id));
        Assert.Equal(2, await Database.SortedSetLengthAsync(range));
        Assert.Equal(["h1", "h2"], (await Holdings.FindBySequenceBetweenAsync(0, 100)).Select(h => h.Id));
    }

    [Fact]
    public async Task Saving_an_unchanged_entity_again_restores_its_index_entries_removed_by_hand()
    {
        var holding = new Holding { Id = "h1", Ticker = "AAPL", Sequence = 10 };
        await Holdings.SaveAsync(holding);
        await Database.SortedSetRemoveAsync(Prefix + Meta + "eq:Ticker", IndexKeys.EqualityMember("AAPL", "h1"));
        await Database.SortedSetRemoveAsync(Prefix + Meta + "rg:Sequence", IndexValues.Order(10L) + "h1");
        Assert.Empty(await Holdings.FindByTickerAsync("AAPL"));

        await Holdings.SaveAsync(holding); // same values: the stored record is the one it writes

        Assert.Equal(["h1"], (await Holdings.FindByTickerAsync("AAPL")).Select(h => h.Id));
        Assert.Equal(["h1"], (await Holdings.FindBySequenceBetweenAsync(0, 15)).Select(h => h.Id));
    }

    [Fact]
    public async Task Rebuild_restores_exact_answers_after_index_keys_are_deleted_and_corrupted()
    {
        Holding[] all = Enumerable.Range(0, 100).Select(i => new Holding
        {
            Id = "h" + i,
            Ticker = i % 3 == 0 ? "AAPL" : "MSFT",
            Isin = "I" + i,
            Sequence = i,
        }).ToArray();
        await Holdings.SaveManyAsync(all);
        Dictionary<string, string[]> before = await SnapshotAsync();

        await Database.KeyDeleteAsync([Prefix + Meta + "eq:Ticker", Prefix + Meta + "uq:isin", Prefix + Meta + "rec", Prefix + Meta + "ids"]);
        await Database.SortedSetAddAsync(Prefix + Meta + "eq:Ticker", IndexKeys.EqualityMember("MSFT", "h0"), 0); // h0 holds AAPL
        await Database.SortedSetAddAsync(Prefix + Meta + "eq:Ticker", IndexKeys.EqualityMember("GOOG", "h1"), 0);
        await Database.SortedSetRemoveAsync(Prefix + Meta + "rg:Sequence", (await Database.SortedSetRangeByRankAsync(Prefix + Meta + "rg:Sequence", 0, 9)));
        Assert.Empty(await Holdings.GetAllAsync());

        IndexRebuildResult rebuilt = await Holdings.RebuildIndexesAsync(batchSize: 7);

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal((100, 0, 2), (rebuilt.Reindexed, rebuilt.ChangedMeanwhile, rebuilt.OrphansRemoved));
        Assert.Empty(rebuilt.Skipped);
        Assert.Equal(34, await Holdings.CountByTickerAsync("AAPL"));
        Assert.Equal(all.Where(h => h.Ticker == "AAPL").Select(h => h.Id).Order(StringComparer.Ordinal), (await Holdings.FindByTickerAsync("AAPL")).Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await Holdings.FindByTickerAsync("GOOG"));
        Assert.Equal("h42", (await Holdings.GetByIsinAsync("I42"))?.Id);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), (await Holdings.FindBySequenceBetweenAsync(0, 99, take: 1000)).Select(h => h.Sequence));
        Assert.Equal(100, await Holdings.CountAsync());
    }

    [Fact]
    public async Task Rebuild_adopts_entities_written_without_indexes_and_keeps_their_time_to_live()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(
        [
            new Lease { Id = "l1", Resource = "printer", Owner = "ann", Duration = TimeSpan.FromHours(1) },
            new Lease { Id = "l2", Resource = "scanner", Owner = "ann", Duration = null },
        ]);
        foreach (RedisKey key in (await KeysAsync()).Where(k => k.StartsWith("fund:lease#", StringComparison.Ordinal)).Select(k => (RedisKey)(Prefix + k)))
        {
            await Database.KeyDeleteAsync(key); // as if the entities had been written by other code
        }

        await leases.RebuildIndexesAsync();

        Assert.Equal(["l1", "l2"], (await leases.FindByOwnerAsync("ann")).Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal("l1", (await leases.GetByResourceAsync("printer"))?.Id);
        Assert.InRange((await leases.GetTimeToLiveAsync("l1"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Null(await leases.GetTimeToLiveAsync("l2"));
        Assert.Equal(2, await leases.CountAsync());
    }

    [Fact]
    public async Task Rebuild_reads_entities_in_batches_of_the_given_size()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 50).Select(i => new Holding { Id = "h" + i }));
        await using CommandLog log = await CommandLog.ConnectAsync();

        IndexRebuildResult? rebuilt = null;
        CommandLog.Commands sent = await log.RecordAsync(async () => rebuilt = await new HoldingRepository(new RedisRepoContext(log.Connection, Prefix)).RebuildIndexesAsync(batchSize: 10));

        Assert.Equal(5, sent.Count("MGET")); // 50 entities, 10 per batch
        Assert.Equal(50, rebuilt!.Reindexed);
        Assert.Equal(50, await Holdings.CountAsync());
    }

    [Fact]
    public async Task Rebuild_leaves_the_index_keys_of_a_model_with_a_longer_meta_prefix_alone()
    {
        var lots = new HoldingLotRepository(Context);
        await lots.SaveAsync(new HoldingLot { Desk = "d1", Id = "lot1", Ticker = "AAPL" });
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL" });
        List<string> lotKeys = (await KeysAsync()).Where(k => k.StartsWith("fund:holding#<Desk>", StringComparison.Ordinal)).ToList();
        Assert.Contains("fund:holding#<Desk>:lot:<Id>#eq:Ticker", lotKeys);

        await Holdings.RebuildIndexesAsync();

        Assert.Equal(lotKeys, (await KeysAsync()).Where(k => k.StartsWith("fund:holding#<Desk>", StringComparison.Ordinal)));
        Assert.Equal(["lot1"], (await lots.FindByTickerAsync("AAPL")).Select(l => l.Id));
        Assert.Equal(["h1"], (await Holdings.FindByTickerAsync("AAPL")).Select(h => h.Id));
    }

    [Fact]
    public async Task Rebuild_skips_a_payload_stored_under_a_key_that_is_not_its_own()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = "I1" }, new Holding { Id = "h2", Isin = "I2" }]);
        byte[] h1 = (await Database.StringGetAsync(Prefix + "fund:holding:h1"))!;
        await Database.StringSetAsync(Prefix + "fund:holding:h3", h1); // a copy of h1 under another key: its Id says h1

        IndexRebuildResult rebuilt = await Holdings.RebuildIndexesAsync();

        Assert.Equal(2, await Holdings.CountAsync());
        Assert.Equal("h1", (await Holdings.GetByIsinAsync("I1"))?.Id);
        IndexRebuildSkip skip = Assert.Single(rebuilt.Skipped);
        Assert.Equal(("Holding", Prefix + "fund:holding:h3"), (skip.Model, skip.Key));
        Assert.Contains("fund:holding:h1", skip.Reason);
    }

    [Fact]
    public async Task Rebuild_reports_the_entity_whose_unique_value_another_holds_and_leaves_both_readable()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Isin = "I1" });
        await Database.HashDeleteAsync(Prefix + Meta + "uq:isin", "I1"); // the claim is lost...
        await Holdings.SaveAsync(new Holding { Id = "h2", Isin = "I1" }); // ...so a second entity takes the value

        IndexRebuildResult rebuilt = await Holdings.RebuildIndexesAsync();

        IndexRebuildSkip skip = Assert.Single(rebuilt.Skipped); // h1 is left as it was: h2 holds the claim now
        Assert.Equal(Prefix + "fund:holding:h1", skip.Key);
        Assert.Contains("'I1' is held by the Holding with key id 'h2'", skip.Reason);
        Assert.Equal("h2", (await Holdings.GetByIsinAsync("I1"))?.Id);
        Assert.Equal(2, await Holdings.CountAsync());
    }

    /// <summary>Every key of the Holding model except entity keys, with its members (scores left out).</summary>
    private async Task<Dictionary<string, string[]>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, string[]>();
        foreach (string key in (await KeysAsync()).Where(k => k.StartsWith(Meta, StringComparison.Ordinal)))
        {
            RedisKey redisKey = Prefix + key;
            snapshot[key] = await Database.KeyTypeAsync(redisKey) == RedisType.Hash
                ? (await Database.HashGetAllAsync(redisKey)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal).ToArray()
                : (await Database.SortedSetRangeByRankAsync(redisKey)).Select(m => (string)m!).Order(StringComparer.Ordinal).ToArray();
        }

        return snapshot;
    }
}
