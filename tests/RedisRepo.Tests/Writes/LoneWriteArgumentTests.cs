using RedisRepo.Scripts;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Writes;

/// <summary>
/// A lone save or delete sends its KEYS and ARGV in arrays that are reused once its call is
/// answered (Scripts/ArgumentArrays): reuse never lets one call's arguments leak into another's.
/// </summary>
public sealed class LoneWriteArgumentTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Concurrent_lone_saves_and_deletes_each_write_exactly_their_own_entity()
    {
        Holding[] holdings = Enumerable.Range(0, 400).Select(i => new Holding { Id = "h" + i, Ticker = "T" + (i % 7), AccountId = "A" + i, Quantity = i }).ToArray();

        await Task.WhenAll(holdings.Select(h => Task.Run(() => Holdings.SaveAsync(h))));
        await Task.WhenAll(holdings.Where(h => h.Quantity % 4 == 0).Select(h => Task.Run(() => Holdings.DeleteAsync(h.Id))));

        Holding[] kept = holdings.Where(h => h.Quantity % 4 != 0).ToArray();
        IReadOnlyList<Holding?> read = await Holdings.GetManyAsync(holdings.Select(h => h.Id).ToArray());
        Assert.Equal(holdings.Select(h => h.Quantity % 4 == 0 ? "deleted" : Text(h)), read.Select(h => h is null ? "deleted" : Text(h)));
        for (int t = 0; t < 7; t++)
        {
            Assert.Equal(
                kept.Where(h => h.Ticker == "T" + t).Select(h => h.Id).Order(StringComparer.Ordinal),
                (await Holdings.FindByTickerAsync("T" + t)).Select(h => h.Id).Order(StringComparer.Ordinal));
        }

        Assert.Equal(kept.Length, await Holdings.CountAsync());

        static string Text(Holding h) => $"{h.Id}/{h.Ticker}/{h.AccountId}/{h.Quantity}";
    }

    [Fact]
    public void Arrays_are_reused_at_their_exact_length_only_and_come_back_cleared()
    {
        var arrays = new ArgumentArrays(); // not the shared one, which parallel tests use
        const int length = 17;
        RedisKey[] keys = arrays.RentKeys(length);
        RedisValue[] values = arrays.RentValues(length);
        keys[0] = "entity";
        values[3] = new byte[] { 1, 2, 3 };

        arrays.Return(keys, values);

        Assert.NotSame(values, arrays.RentValues(length + 16)); // shares the places, not the length
        RedisValue[] again = arrays.RentValues(length);
        Assert.Same(values, again);
        Assert.All(again, v => Assert.True(v.IsNull)); // holds no payload alive
        Assert.NotSame(again, arrays.RentValues(length)); // lent out: a second call gets its own
        RedisKey[] sameKeys = arrays.RentKeys(length);
        Assert.Same(keys, sameKeys);
        Assert.All(sameKeys, k => Assert.Equal(default, k));
    }
}
