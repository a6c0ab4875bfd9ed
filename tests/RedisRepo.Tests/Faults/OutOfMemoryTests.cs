using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// The server runs out of memory (maxmemory with noeviction): writes fail with Redis's own OOM
/// error and each one either applied whole or not at all; an atomic batch writes nothing.
/// </summary>
public sealed class OutOfMemoryTests : IAsyncLifetime
{
    private FaultServer _redis = null!;

    public async Task InitializeAsync() => _redis = await FaultServer.StartAsync("--maxmemory", "4mb", "--maxmemory-policy", "noeviction");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Writes_into_a_full_memory_fail_with_the_servers_own_error_and_nothing_half_written()
    {
        var holdings = new HoldingRepository(_redis.Context);
        RedisServerException? full = null;
        for (int round = 0; round < 200 && full is null; round++)
        {
            try
            {
                await holdings.SaveManyAsync(Enumerable.Range(round * 500, 500).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 9), Isin = "I" + i, Sequence = i }));
            }
            catch (RedisServerException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.StartsWith("OOM", full.Message);
        await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);

        // Memory hovers at the limit (a failed chunk frees its own request buffer): put the limit
        // under what is used, so that every write from here on meets a full memory.
        string memory = (await _redis.Server.InfoRawAsync("memory"))!;
        long used = long.Parse(memory.Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal))["used_memory:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await _redis.Server.ConfigSetAsync("maxmemory", used - (256 * 1024));
        var one = await Assert.ThrowsAsync<RedisServerException>(() => holdings.SaveAsync(new Holding { Id = "one-more", Ticker = "X", Isin = "X1" }));
        Assert.StartsWith("OOM", one.Message);
        Dictionary<string, Holding> stored = await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
        RedisBatch batch = _redis.Context.CreateBatch(atomic: true);
        holdings.Save(batch, new Holding { Id = "batch-1", Ticker = "B" });
        holdings.Delete(batch, stored.Keys.First());
        await Assert.ThrowsAsync<RedisServerException>(() => batch.ExecuteAsync());

        Assert.Equal(stored.Keys.Order(StringComparer.Ordinal), (await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description)).Keys.Order(StringComparer.Ordinal));
    }
}
