using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Writes;

/// <summary>A cancelled batch stops before sending what is left, and what was sent is consistent.</summary>
public sealed class BatchCancellationTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Cancelled_while_the_batch_is_being_prepared_nothing_is_sent()
    {
        using var cancellation = new CancellationTokenSource();

        IEnumerable<Holding> Entities()
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i == 500)
                {
                    cancellation.Cancel();
                }

                yield return new Holding { Id = "h" + i, Ticker = "T" };
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Holdings.SaveManyAsync(Entities(), cancellation.Token));

        Assert.Empty(await KeysAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Cancelled_at_any_moment_every_entity_written_has_all_its_index_entries(int cancelAfterMilliseconds)
    {
        Holding[] holdings = Enumerable.Range(0, 20_000).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 7), Isin = "I" + i, Sequence = i }).ToArray();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(cancelAfterMilliseconds));

        try
        {
            await Holdings.SaveManyAsync(holdings, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // What was sent before the cancellation still completes on the server.
        }

        // Wait for what was sent to be applied: the server runs scripts in order, so a later
        // command's reply means every earlier one is done.
        await Database.PingAsync();
        await Holdings.CountAsync();

        List<string> keys = await KeysAsync();
        var stored = keys.Where(k => k.StartsWith("fund:holding:", StringComparison.Ordinal)).Select(k => k["fund:holding:".Length..]).ToHashSet();
        Assert.Equal(stored.Count, await Holdings.CountAsync());
        Assert.Equal(stored.Count, await Database.HashLengthAsync(Prefix + "fund:holding#uq:isin"));
        Assert.Equal(stored.Count, await Database.SortedSetLengthAsync(Prefix + "fund:holding#rg:Sequence"));
        long byTicker = 0;
        for (int t = 0; t < 7; t++)
        {
            byTicker += await Holdings.CountByTickerAsync("T" + t);
        }

        Assert.Equal(stored.Count, byTicker);
    }
}
