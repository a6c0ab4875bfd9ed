using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// RebuildIndexesAsync on a live system: it never reverts or resurrects a concurrent write, and
/// wherever it stops (an unreadable entity, cancellation) every entity stays indexed.
/// </summary>
public sealed class ConcurrentRebuildTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Rebuilds_beside_four_writers_revert_nothing_and_leave_every_index_exact()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 2_000).Select(i => new Holding { Id = "seed" + i, Ticker = "S" + (i % 5), Isin = "S" + i, Sequence = i }));
        using var stop = new CancellationTokenSource();
        var acknowledged = new Dictionary<string, Holding?>[4];
        Task[] writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var last = acknowledged[w] = [];
            for (int step = 0; !stop.IsCancellationRequested || step < 200; step++)
            {
                string id = $"w{w}-{random.Next(40)}";
                if (random.Next(4) == 0)
                {
                    await Holdings.DeleteAsync(id);
                    last[id] = null;
                }
                else
                {
                    var holding = new Holding { Id = id, Ticker = "T" + random.Next(6), Isin = $"{id}-{step}", Sequence = step, Quantity = random.Next(100) };
                    await Holdings.SaveAsync(holding);
                    last[id] = holding;
                }
            }
        })).ToArray();

        var results = new List<IndexRebuildResult>();
        for (int i = 0; i < 3; i++)
        {
            results.Add(await Holdings.RebuildIndexesAsync(batchSize: 50));
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.All(results, r => Assert.Empty(r.Skipped));
        Dictionary<string, Holding> stored = await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
        foreach ((string id, Holding? last) in acknowledged.SelectMany(a => a))
        {
            Assert.Equal(last?.Sequence, stored.GetValueOrDefault(id)?.Sequence); // null: deleted, and not resurrected
            Assert.Equal(last?.Isin, stored.GetValueOrDefault(id)?.Isin);
        }
    }

    [Fact]
    public async Task A_rebuild_that_meets_an_unreadable_entity_reports_it_and_leaves_every_other_indexed()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 1_000).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 4), Isin = "I" + i }));
        await Database.StringSetAsync(Prefix + "fund:holding:h500", new byte[] { 0x80 }); // {}: no key parts
        await Database.StringSetAsync(Prefix + "fund:holding:h501", new byte[] { 0xC1 }); // not MessagePack

        IndexRebuildResult rebuilt = await Holdings.RebuildIndexesAsync(batchSize: 100);

        Assert.Equal([Prefix + "fund:holding:h500", Prefix + "fund:holding:h501"], rebuilt.Skipped.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(rebuilt.Skipped, s => Assert.Equal("Holding", s.Model));
        Assert.Equal(998, rebuilt.Reindexed);
        Assert.Equal(250, await Holdings.CountByTickerAsync("T1"));
        var taken = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Holdings.SaveAsync(new Holding { Id = "intruder", Isin = "I7" }));
        Assert.Equal("h7", taken.HolderId);
        await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetByIsinAsync("I500")); // unreadable: never returned as an entity
    }

    [Fact]
    public async Task A_rebuild_cancelled_midway_leaves_every_entity_indexed()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 3_000).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 4), Isin = "I" + i }));
        await Database.KeyDeleteAsync(Prefix + "fund:holding#eq:Ticker"); // something to rebuild
        using var cancel = new CancellationTokenSource();
        int batches = 0;
        await using CommandLog log = await CommandLog.ConnectAsync();

        Task rebuild = new HoldingRepository(new RedisRepoContext(log.Connection, Prefix)).RebuildIndexesAsync(batchSize: 100, cancel.Token);
        while (!rebuild.IsCompleted && await Holdings.CountByTickerAsync("T0") < 100)
        {
            batches++;
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rebuild);

        Assert.Equal(3_000, await Holdings.CountAsync());
        Assert.Equal("h42", (await Holdings.GetByIsinAsync("I42"))?.Id);
        IndexRebuildResult finished = await Holdings.RebuildIndexesAsync();
        Assert.Empty(finished.Skipped);
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }
}
