using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// The client's connection is cut (CLIENT KILL) in the middle of a batch: the call fails, every
/// entity the server applied is whole with its indexes, and the reconnected client writes on.
/// </summary>
public sealed class ConnectionCutTests : IAsyncLifetime
{
    private FaultServer _redis = null!;

    public async Task InitializeAsync() => _redis = await FaultServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_connection_cut_mid_batch_leaves_every_applied_entity_whole_and_the_next_call_completes()
    {
        await using ConnectionMultiplexer writer = await ConnectionMultiplexer.ConnectAsync(_redis.Process.Configuration);
        var holdings = new HoldingRepository(new RedisRepoContext(writer));
        long clientId = (long)await writer.GetDatabase().ExecuteAsync("CLIENT", "ID");

        Task save = holdings.SaveManyAsync(Enumerable.Range(0, 50_000).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 9), Isin = "I" + i, Sequence = i }));
        while (await _redis.Database.SortedSetLengthAsync("fund:holding#ids") < 1_000)
        {
            Assert.False(save.IsCompleted, "the batch finished before the cut: make it larger");
        }

        await _redis.Database.ExecuteAsync("CLIENT", "KILL", "ID", clientId);
        await Assert.ThrowsAnyAsync<RedisException>(() => save);

        Dictionary<string, Holding> applied = await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
        Assert.InRange(applied.Count, 1_000, 50_000);

        await holdings.SaveManyAsync(Enumerable.Range(0, 600).Select(i => new Holding { Id = "h" + i, Ticker = "AFTER", Isin = "I" + i, Sequence = -i }));
        Dictionary<string, Holding> after = await IndexConsistency.AssertAsync(_redis.Database, "", HoldingRepository.Description);
        Assert.All(Enumerable.Range(0, 600), i => Assert.Equal("AFTER", after["h" + i].Ticker));
    }
}
