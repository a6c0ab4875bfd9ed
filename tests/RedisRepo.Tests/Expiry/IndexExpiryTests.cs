using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Expiry;

/// <summary>An expired entity is gone from every index read at once, before any sweep.</summary>
public sealed class IndexExpiryTests : RedisTest
{
    [Fact]
    public async Task Expired_entities_vanish_from_find_count_unique_and_range_reads()
    {
        LeaseRepository leases = await ShortGoneLongLeftAsync();

        Assert.Equal(["long"], (await leases.FindByOwnerAsync("ann")).Select(l => l.Id));
        Assert.Equal(1, await leases.CountByOwnerAsync("ann"));
        Assert.Null(await leases.GetByResourceAsync("printer"));
        Assert.Equal(["long"], (await leases.FindByPriorityBetweenAsync(0, 10)).Select(l => l.Id));
        Assert.Equal(1, await leases.CountByPriorityBetweenAsync(0, 10));
        Assert.Equal(1, await leases.CountAsync());
    }

    [Fact]
    public async Task Index_reads_remove_the_entries_of_expired_entities_ahead_of_the_sweep_which_still_removes_their_ids()
    {
        LeaseRepository leases = await ShortGoneLongLeftAsync();

        Assert.Equal(["long"], (await leases.FindByOwnerAsync("ann")).Select(l => l.Id));
        Assert.Equal(["long"], (await leases.FindByPriorityBetweenAsync(0, 10)).Select(l => l.Id));

        Assert.Equal(1, await Database.SortedSetLengthAsync(Prefix + "fund:lease#eq:Owner"));
        Assert.Equal(1, await Database.SortedSetLengthAsync(Prefix + "fund:lease#rg:Priority"));
        Assert.Equal(2, await Database.SortedSetLengthAsync(Prefix + "fund:lease#ids")); // the id waits for the sweep
        Assert.Equal(1, await leases.SweepExpiredAsync());
        Assert.Equal(1, await Database.SortedSetLengthAsync(Prefix + "fund:lease#ids"));
        Assert.Equal(["long"], (await leases.FindByOwnerAsync("ann")).Select(l => l.Id));
    }

    [Fact]
    public async Task A_range_read_of_the_first_n_returns_n_live_entities_when_expired_ones_come_first()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(Enumerable.Range(0, 6).Select(i => new Lease
        {
            Id = "l" + i,
            Resource = "r" + i,
            Owner = "ann",
            Priority = i,
            Duration = i < 3 ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromHours(1),
        }));
        await Eventually.TrueAsync(async () => (await leases.GetManyAsync(["l0", "l1", "l2"])).All(l => l is null));

        Assert.Equal(["l3", "l4"], (await leases.FindByPriorityBetweenAsync(0, 10, take: 2)).Select(l => l.Id));
        Assert.Equal(["l5", "l4"], (await leases.FindByPriorityBetweenAsync(0, 10, take: 2, descending: true)).Select(l => l.Id));
        Assert.Equal(["l4", "l5"], (await leases.FindByPriorityBetweenAsync(0, 10, skip: 1, take: 5)).Select(l => l.Id));
    }

    [Fact]
    public async Task A_save_whose_expiry_has_passed_removes_the_entity_from_every_index()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveAsync(new Lease { Id = "l1", Resource = "printer", Owner = "ann", Priority = 1, Duration = null });

        await leases.SaveAsync(new Lease { Id = "l1", Resource = "printer", Owner = "ann", Priority = 1, Duration = TimeSpan.Zero });

        Assert.Empty(await KeysAsync());
    }

    /// <summary>Two leases of "ann": "short" (50 ms), awaited until Redis has expired it, and "long" (an hour).</summary>
    private async Task<LeaseRepository> ShortGoneLongLeftAsync()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(
        [
            new Lease { Id = "short", Resource = "printer", Owner = "ann", Priority = 1, Duration = TimeSpan.FromMilliseconds(50) },
            new Lease { Id = "long", Resource = "scanner", Owner = "ann", Priority = 2, Duration = TimeSpan.FromHours(1) },
        ]);
        await Eventually.TrueAsync(async () => !await leases.ExistsAsync("short"));
        return leases;
    }
}
