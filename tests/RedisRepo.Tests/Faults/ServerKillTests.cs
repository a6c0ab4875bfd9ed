using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// The server is killed with SIGKILL in the middle of a large SaveManyAsync (AOF with
/// appendfsync always): after the restart every acknowledged write is there and every entity is
/// whole with all its index entries; nothing is half-written.
/// </summary>
public sealed class ServerKillTests : IAsyncLifetime
{
    private FaultServer _redis = null!;

    public async Task InitializeAsync() => _redis = await FaultServer.StartAsync("--appendonly", "yes", "--appendfsync", "always");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_server_killed_mid_batch_restarts_with_every_entity_whole_and_every_acknowledged_write()
    {
        var holdings = new HoldingRepository(_redis.Context);
        await holdings.SaveAsync(new Holding { Id = "acknowledged", Ticker = "ACK", Isin = "ACK1" });
        await using ConnectionMultiplexer observer = await ConnectionMultiplexer.ConnectAsync(_redis.Process.Configuration);

        Task save = holdings.SaveManyAsync(Enumerable.Range(0, 50_000).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 9), Isin = "I" + i, Sequence = i }));
        while (await observer.GetDatabase().SortedSetLengthAsync("fund:holding#ids") < 1_000)
        {
            Assert.False(save.IsCompleted, "the batch finished before the kill: make it larger");
        }

        _redis.Process.Kill();
        await Assert.ThrowsAnyAsync<RedisException>(() => save);
        _redis.Process.Restart();
        await _redis.ReconnectedAsync();

        Dictionary<string, Holding> stored = await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
        Assert.Equal("ACK", stored["acknowledged"].Ticker);
        Assert.InRange(stored.Count, 1_001, 50_000);
        Assert.Equal("acknowledged", (await holdings.GetByIsinAsync("ACK1"))?.Id);
    }
}
