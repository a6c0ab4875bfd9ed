using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Expiry;

/// <summary>
/// Index entries of expired entities do not accumulate: SweepExpiredAsync removes them in
/// bounded batches (an expired-ids read, then a purge that re-checks each id). No keyspace notifications involved.
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
        Assert.InRange(sent.Count("EVALSHA") + sent.Count("EVAL"), (2 * (swept / 200)) + 1, (2 * (swept / 200)) + 2); // bounded batches: find, then purge
        var liveIds = Enumerable.Range(Expiring, Live).Select(i => "l" + i).ToHashSet();
        List<string> keys = await KeysAsync();
        Assert.Equal(
            liveIds.Select(id => "fund:lease:" + id)
                .Concat(new[] { "ids", "rec", "uq:Resource", "rg:Priority", "eq:Owner" }.Select(k => Meta + k))
                .Order(StringComparer.Ordinal),
            keys);
        Assert.Equal(Live, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));
        Assert.Equal(Live, await Database.HashLengthAsync(Prefix + Meta + "rec"));
        Assert.Equal(Live, await Database.HashLengthAsync(Prefix + Meta + "uq:Resource"));
        Assert.Equal(Live, await Database.SortedSetLengthAsync(Prefix + Meta + "rg:Priority"));
        Assert.Equal(Live, await Database.SortedSetLengthAsync(Prefix + Meta + "eq:Owner"));
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
        Assert.Equal(0, await Leases.CountAsync());

        Assert.Equal(0, await Leases.SweepExpiredAsync());

        Assert.Equal(1, await Leases.CountAsync());
        Assert.Equal(1, await Leases.CountByOwnerAsync("ann"));
        double expected = DateTimeOffset.UtcNow.AddMinutes(59).ToUnixTimeMilliseconds();
        Assert.True(await Database.SortedSetScoreAsync(Prefix + Meta + "ids", "l1") > expected);
    }

    [Fact]
    public async Task A_save_touches_only_its_own_entity_and_the_sweep_removes_the_expired_ids()
    {
        await Leases.SaveManyAsync(Enumerable.Range(0, 40).Select(i => new Lease { Id = "old" + i, Resource = "r" + i, Duration = TimeSpan.FromSeconds(1) }));
        await Eventually.TrueAsync(async () => await Leases.CountAsync() == 0);
        Assert.Equal(40, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));

        await Leases.SaveAsync(new Lease { Id = "new", Resource = "r0" }); // takes r0 from an expired holder

        Assert.Equal(40 + 1, await Database.SortedSetLengthAsync(Prefix + Meta + "ids"));
        Assert.Equal(40, await Leases.SweepExpiredAsync());
        Assert.Equal("new", await Database.HashGetAsync(Prefix + Meta + "uq:Resource", "r0"));
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
