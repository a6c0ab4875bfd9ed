using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Expiry;

/// <summary>An expired entity is gone from every index read at once, before any sweep.</summary>
public sealed class IndexExpiryTests : RedisTest
{
    [Fact]
    public async Task Expired_entities_vanish_from_find_count_unique_and_range_reads()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(
        [
            new Lease { Id = "short", Resource = "printer", Owner = "ann", Priority = 1, Duration = TimeSpan.FromMilliseconds(50) },
            new Lease { Id = "long", Resource = "scanner", Owner = "ann", Priority = 2, Duration = TimeSpan.FromHours(1) },
        ]);

        await Eventually.TrueAsync(async () => !await leases.ExistsAsync("short"));

        Assert.Equal(["long"], (await leases.FindByOwnerAsync("ann")).Select(l => l.Id));
        Assert.Equal(1, await leases.CountByOwnerAsync("ann"));
        Assert.Null(await leases.GetByResourceAsync("printer"));
        Assert.Equal(["long"], (await leases.FindByPriorityBetweenAsync(0, 10)).Select(l => l.Id));
        Assert.Equal(1, await leases.CountByPriorityBetweenAsync(0, 10));
        Assert.Equal(1, await leases.CountAsync());
    }

    [Fact]
    public async Task A_save_whose_expiry_has_passed_removes_the_entity_from_every_index()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveAsync(new Lease { Id = "l1", Resource = "printer", Owner = "ann", Priority = 1, Duration = null });

        await leases.SaveAsync(new Lease { Id = "l1", Resource = "printer", Owner = "ann", Priority = 1, Duration = TimeSpan.Zero });

        Assert.Empty(await KeysAsync());
    }
}
