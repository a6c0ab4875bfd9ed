using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Indexes;

/// <summary>
/// [SortedIndex]: FindBy{Prop}BetweenAsync and CountBy{Prop}BetweenAsync, inclusive bounds, in
/// value order, exact for long and decimal where a double score would not be.
/// </summary>
public sealed class RangeIndexTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task Bounds_are_inclusive_and_results_ascend_by_value()
    {
        await SaveQuantitiesAsync(5m, 1m, 3m, 2m, 4m);

        Assert.Equal([2m, 3m, 4m], Quantities(await Holdings.FindByQuantityBetweenAsync(2m, 4m)));
        Assert.Equal(3, await Holdings.CountByQuantityBetweenAsync(2m, 4m));
        Assert.Equal([3m], Quantities(await Holdings.FindByQuantityBetweenAsync(3m, 3m)));
    }

    [Fact]
    public async Task Descending_skip_and_take_page_through_the_range()
    {
        await SaveQuantitiesAsync(Enumerable.Range(1, 10).Select(i => (decimal)i).ToArray());

        Assert.Equal([10m, 9m, 8m], Quantities(await Holdings.FindByQuantityBetweenAsync(1m, 10m, take: 3, descending: true)));
        Assert.Equal([7m, 6m, 5m], Quantities(await Holdings.FindByQuantityBetweenAsync(1m, 10m, skip: 3, take: 3, descending: true)));
        Assert.Equal([4m, 5m], Quantities(await Holdings.FindByQuantityBetweenAsync(2m, 9m, skip: 2, take: 2)));
        Assert.Empty(await Holdings.FindByQuantityBetweenAsync(2m, 9m, skip: 8));
        Assert.Empty(await Holdings.FindByQuantityBetweenAsync(2m, 9m, take: 0));
    }

    [Fact]
    public async Task An_empty_or_inverted_range_finds_nothing()
    {
        await SaveQuantitiesAsync(1m, 2m);

        Assert.Empty(await Holdings.FindByQuantityBetweenAsync(2m, 1m));
        Assert.Equal(0, await Holdings.CountByQuantityBetweenAsync(2m, 1m));
        Assert.Empty(await Holdings.FindByQuantityBetweenAsync(1.1m, 1.9m));
    }

    [Fact]
    public async Task Longs_near_2_pow_53_keep_their_exact_order()
    {
        const long Big = 1L << 53; // above this, a double cannot tell neighbours apart
        await Holdings.SaveManyAsync(new[] { Big - 1, Big, Big + 1, Big + 2, long.MaxValue, long.MinValue, -1, 0 }
            .Select(v => new Holding { Id = "s" + v, Sequence = v }));

        Assert.Equal(new long[] { Big + 1 }, Sequences(await Holdings.FindBySequenceBetweenAsync(Big + 1, Big + 1)));
        Assert.Equal(new long[] { Big, Big + 1, Big + 2 }, Sequences(await Holdings.FindBySequenceBetweenAsync(Big, Big + 2)));
        Assert.Equal(1, await Holdings.CountBySequenceBetweenAsync(Big + 2, Big + 2));
        Assert.Equal(new long[] { long.MinValue, -1, 0 }, Sequences(await Holdings.FindBySequenceBetweenAsync(long.MinValue, 0)));
        Assert.Equal(new long[] { long.MaxValue, Big + 2 }, Sequences(await Holdings.FindBySequenceBetweenAsync(Big + 2, long.MaxValue, descending: true)));
    }

    [Fact]
    public async Task Decimal_fractions_keep_their_exact_order()
    {
        decimal[] values =
        [
            0.1m, 0.10000000000000000000000001m, 0.2m, -0.3m, -0.30000000000000000000000001m,
            decimal.MaxValue, decimal.MinValue, 0m, 7922816251426433759354395033.5m,
        ];
        await SaveQuantitiesAsync(values);

        Assert.Equal(values.Order().ToArray(), Quantities(await Holdings.FindByQuantityBetweenAsync(decimal.MinValue, decimal.MaxValue)));
        Assert.Equal([0.10000000000000000000000001m], Quantities(await Holdings.FindByQuantityBetweenAsync(0.100000000000000000000000001m, 0.19m)));
        Assert.Equal([-0.30000000000000000000000001m], Quantities(await Holdings.FindByQuantityBetweenAsync(-0.31m, -0.300000000000000000000000001m)));
        Assert.Equal(2, await Holdings.CountByQuantityBetweenAsync(-0.30000000000000000000000001m, -0.3m));
        Assert.Equal([0.1m], Quantities(await Holdings.FindByQuantityBetweenAsync(0.10m, 0.1000m))); // scale is not order
    }

    [Fact]
    public async Task Doubles_order_negative_zero_and_infinities()
    {
        double[] prices = [double.NegativeInfinity, -2.5, -0.0, 1e-300, 3.75, double.PositiveInfinity];
        await Holdings.SaveManyAsync(prices.Select((p, i) => new Holding { Id = "p" + i, Price = p }));

        Assert.Equal(prices, (await Holdings.FindByPriceBetweenAsync(double.NegativeInfinity, double.PositiveInfinity)).Select(h => h.Price));
        Assert.Equal([-0.0, 1e-300], (await Holdings.FindByPriceBetweenAsync(0.0, 1.0)).Select(h => h.Price));
    }

    [Fact]
    public async Task DateTime_and_TimeSpan_ranges_follow_their_ticks_and_null_is_left_out()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await Holdings.SaveManyAsync(Enumerable.Range(0, 5).Select(i => new Holding
        {
            Id = "d" + i,
            TradeDate = start.AddDays(i),
            HoldingPeriod = i == 4 ? null : TimeSpan.FromHours(i - 2),
        }));

        Assert.Equal(["d1", "d2", "d3"], Ids(await Holdings.FindByTradeDateBetweenAsync(start.AddDays(1), start.AddDays(3))));
        Assert.Equal(["d0", "d1", "d2"], Ids(await Holdings.FindByHoldingPeriodBetweenAsync(TimeSpan.FromHours(-2), TimeSpan.Zero)));
        Assert.Equal(4, await Holdings.CountByHoldingPeriodBetweenAsync(TimeSpan.MinValue, TimeSpan.MaxValue)); // d4 has none
    }

    [Fact]
    public async Task Update_moves_the_entity_within_the_range_index_and_delete_removes_it()
    {
        await SaveQuantitiesAsync(1m, 2m, 3m);

        await Holdings.SaveAsync(new Holding { Id = "q1", Quantity = 30m });
        await Holdings.DeleteAsync("q2");

        Assert.Equal([1m, 30m], Quantities(await Holdings.FindByQuantityBetweenAsync(0m, 100m)));
        Assert.Equal(2, await Database.SortedSetLengthAsync(Prefix + "fund:holding#rg:Quantity"));
    }

    [Fact]
    public async Task Negative_skip_or_take_is_an_ArgumentOutOfRangeException()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Holdings.FindByQuantityBetweenAsync(0m, 1m, skip: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Holdings.FindByQuantityBetweenAsync(0m, 1m, take: -1));
    }

    private Task SaveQuantitiesAsync(params decimal[] quantities) =>
        Holdings.SaveManyAsync(quantities.Select((q, i) => new Holding { Id = "q" + i, Quantity = q }));

    private static decimal[] Quantities(IEnumerable<Holding> holdings) => holdings.Select(h => h.Quantity).ToArray();

    private static long[] Sequences(IEnumerable<Holding> holdings) => holdings.Select(h => h.Sequence).ToArray();

    private static string[] Ids(IEnumerable<Holding> holdings) => holdings.Select(h => h.Id).ToArray();
}
