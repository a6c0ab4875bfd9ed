using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Reads;

/// <summary>
/// Liveness is decided by the server's clock in every read path: an id whose expiry score lies
/// just before the server's TIME is gone from every read, one just after it is there. (The
/// runtime reads no client clock for liveness; a client clock far off cannot change an answer.)
/// </summary>
public sealed class ServerClockTests : RedisTest
{
    [Fact]
    public async Task Every_read_path_judges_liveness_by_the_servers_time()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(Enumerable.Range(0, 10).Select(i => new Lease { Id = "l" + i, Resource = "r" + i, Owner = "ann", Priority = i, Duration = TimeSpan.FromHours(1) }));
        DateTime server = await Connection.GetServer(Connection.GetEndPoints()[0]).TimeAsync();
        double serverMs = new DateTimeOffset(DateTime.SpecifyKind(server, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

        // l0..l4 expired by the server's clock 5 s ago; l5..l9 expire in 5 s. Both the ids' scores
        // and their keys' expiry say so, as a save sets them: index reads of every entry read the
        // entity key, which Redis expires by its own clock; the others read the scores.
        for (int i = 0; i < 10; i++)
        {
            long at = (long)serverMs + (i < 5 ? -5_000 : 5_000);
            await Database.SortedSetAddAsync(Prefix + "fund:lease#ids", "l" + i, at);
            await Database.ExecuteAsync("PEXPIREAT", (RedisKey)(Prefix + "fund:lease:l" + i), at);
        }

        string[] live = ["l5", "l6", "l7", "l8", "l9"];
        Assert.Equal(5, await leases.CountAsync());
        Assert.Equal(live, (await leases.GetAllAsync()).Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal(live, (await leases.FindByOwnerAsync("ann")).Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal(5, await leases.CountByOwnerAsync("ann"));
        Assert.Equal(live, (await leases.FindByPriorityBetweenAsync(0, 9)).Select(l => l.Id));
        Assert.Equal(5, await leases.CountByPriorityBetweenAsync(0, 9));
        var scanned = new List<string>();
        await foreach (Lease lease in leases.ScanAsync(pageSize: 3))
        {
            scanned.Add(lease.Id);
        }

        Assert.Equal(live, scanned.Order(StringComparer.Ordinal));
    }
}
