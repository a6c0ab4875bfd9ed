using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Expiry;

/// <summary>
/// Index entries of expired entities do not accumulate: SweepExpiredAsync removes them in
/// bounded batches, and every save prunes a few. No keyspace notifications involved.
/// </summary>
public sealed class ExpirySweepTests : RedisTest
{
    private const string Meta = "fund:lease#";

    private LeaseRepository Leases => new(Context);

    [Fact]
    public async Task Sweeping_thousands_of_expired_entities_shrinks_every_index_key_back_to_the_live_set()
    {
        const int Expiring = 3000, Live = 10;
        await Leases.SaveManyAsync(Enumerable.Range(0, Expiring + Live).Select(i => new Lease
        {
            Id = "l" + i,
            Resource = "r" + i,
            Owner = "o" + (i % 5),
            Priority = i,
            Duration = i < Expiring ? TimeSpan.FromMilliseconds(1500) : null,
        }));
        long indexed = await Database.SortedSetLengthAsync(Prefix + Meta + "ids");
        Assert.True(indexed > Live, $"{indexed} ids indexed");
        await Eventually.TrueAsync(async () => await Leases.CountAsync() == Live, timeoutSeconds: 30);

        await using CommandLog log = await CommandLog.ConnectAsync();
        long swept = 0;
        CommandLog.Commands sent = await log.RecordAsync(async () => swept = await new LeaseRepository(new RedisRepoContext(log.Connection, Prefix)).SweepExpiredAsync(batchSize: 200));

        Assert.Equal(indexed - Live, swept);
        Assert.InRange(sent.Count("EVALSHA") + sent.Count("EVAL"), (swept / 200) + 1, (swept / 200) + 2); // bounded batches
        var liveIds = Enumerable.Range(Expiring, Live).Select(i => "l" + i).ToHashSet();
        List<string> keys = await KeysAsync();
        Assert.Equal(
            liveIds.Select(id => "fund:lease:" + id)
                .Concat(new[] { "ids", "rec", "uq:Resource", "rg:Priority" }.Concat(Enumerable.Range(0, 5).Select(o => "idx:Owner:o" + o)).Select(k => Meta + k))
                .Order(StringComparer.Ordinal),
            keys);
        Assert.Equal(Live, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));
        Assert.Equal(Live, await Database.HashLengthAsync(Prefix + Meta + "rec"));
        Assert.Equal(Live, await Database.HashLengthAsync(Prefix + Meta + "uq:Resource"));
        Assert.Equal(Live, await Database.SortedSetLengthAsync(Prefix + Meta + "rg:Priority"));
        long owners = 0;
        for (int o = 0; o < 5; o++)
        {
            owners += await Database.SortedSetLengthAsync(Prefix + Meta + "idx:Owner:o" + o);
        }

        Assert.Equal(Live, owners);
        Assert.Equal(liveIds.Order(), (await Leases.GetAllAsync()).Select(l => l.Id).Order());
    }

    [Fact]
    public async Task Sweeping_with_nothing_expired_removes_nothing()
    {
        await Leases.SaveManyAsync([new Lease { Id = "l1", Resource = "a" }, new Lease { Id = "l2", Resource = "b", Duration = TimeSpan.FromHours(1) }]);
        List<string> before = await KeysAsync();

        Assert.Equal(0, await Leases.SweepExpiredAsync());

        Assert.Equal(before, await KeysAsync());
        Assert.Equal(2, await Leases.CountAsync());
    }

    [Fact]
    public async Task An_entity_whose_expiry_was_extended_by_other_means_is_re_scored_not_swept()
    {
        await Leases.SaveAsync(new Lease { Id = "l1", Resource = "a", Owner = "ann", Duration = TimeSpan.FromHours(1) });
        await Database.SortedSetAddAsync(Prefix + Meta + "ids", "l1", 1); // as if it had expired in 1970
        await Database.SortedSetAddAsync(Prefix + Meta + "idx:Owner:ann", "l1", 1);
        Assert.Equal(0, await Leases.CountAsync());

        Assert.Equal(0, await Leases.SweepExpiredAsync());

        Assert.Equal(1, await Leases.CountAsync());
        Assert.Equal(1, await Leases.CountByOwnerAsync("ann"));
        double expected = DateTimeOffset.UtcNow.AddMinutes(59).ToUnixTimeMilliseconds();
        Assert.True(await Database.SortedSetScoreAsync(Prefix + Meta + "idx:Owner:ann", "l1") > expected);
    }

    [Fact]
    public async Task Every_save_prunes_at_most_sixteen_expired_ids()
    {
        await Leases.SaveManyAsync(Enumerable.Range(0, 40).Select(i => new Lease { Id = "old" + i, Resource = "r" + i, Duration = TimeSpan.FromSeconds(1) }));
        await Eventually.TrueAsync(async () => await Leases.CountAsync() == 0);
        Assert.Equal(40, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));

        await Leases.SaveAsync(new Lease { Id = "new", Resource = "r0" });

        Assert.Equal(40 - 16 + 1, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));
        Assert.Equal(40 - 16, await Leases.SweepExpiredAsync());
        Assert.Equal(["new"], (await Leases.GetAllAsync()).Select(l => l.Id));
    }

    [Fact]
    public async Task A_cancelled_sweep_stops_before_the_next_batch()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Leases.SweepExpiredAsync(cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task A_batch_size_below_one_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Leases.SweepExpiredAsync(batchSize: 0));
    }
}
