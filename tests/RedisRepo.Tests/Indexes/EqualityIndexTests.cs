using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Indexes;

/// <summary>[Index]: FindBy{Prop}Async and CountBy{Prop}Async, kept in step with every write.</summary>
public sealed class EqualityIndexTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task FindBy_returns_exactly_the_entities_holding_the_value()
    {
        await Holdings.SaveManyAsync(
        [
            new Holding { Id = "h1", Ticker = "AAPL" },
            new Holding { Id = "h2", Ticker = "MSFT" },
            new Holding { Id = "h3", Ticker = "AAPL" },
        ]);

        Assert.Equal(["h1", "h3"], Ids(await Holdings.FindByTickerAsync("AAPL")));
        Assert.Equal(["h2"], Ids(await Holdings.FindByTickerAsync("MSFT")));
        Assert.Empty(await Holdings.FindByTickerAsync("aapl")); // string values are case-sensitive
        Assert.Equal(2, await Holdings.CountByTickerAsync("AAPL"));
        Assert.Equal(0, await Holdings.CountByTickerAsync("GOOG"));
    }

    [Fact]
    public async Task Update_moves_the_entity_from_the_old_value_to_the_new_one()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Status = HoldingStatus.Open });

        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B", Status = HoldingStatus.Closed });

        Assert.Empty(await Holdings.FindByTickerAsync("A"));
        Assert.Equal(["h1"], Ids(await Holdings.FindByTickerAsync("B")));
        Assert.Empty(await Holdings.FindByStatusAsync(HoldingStatus.Open));
        Assert.Equal(["h1"], Ids(await Holdings.FindByStatusAsync(HoldingStatus.Closed)));
        Assert.Equal([IndexKeys.EqualityMember("B", "h1")], (await Database.SortedSetRangeByRankAsync(Prefix + "fund:holding#eq:Ticker")).Select(m => (string)m!)); // the old entry is gone
    }

    [Fact]
    public async Task Delete_removes_the_entity_from_every_index_and_leaves_no_key_behind()
    {
        await Holdings.SaveAsync(new Holding
        {
            Id = "h1",
            Ticker = "AAPL",
            AccountId = "acc-1",
            Isin = "US0378331005",
            DeskId = Guid.NewGuid(),
            Quantity = 10,
            HoldingPeriod = TimeSpan.FromDays(3),
        });
        Assert.Contains("fund:holding#eq:account", await KeysAsync());

        Assert.True(await Holdings.DeleteAsync("h1"));

        Assert.Empty(await KeysAsync());
        Assert.Empty(await Holdings.FindByTickerAsync("AAPL"));
        Assert.Null(await Holdings.GetByIsinAsync("US0378331005"));
    }

    [Fact]
    public async Task Every_supported_value_type_is_found_by_an_equal_value()
    {
        Guid desk = Guid.NewGuid();
        var tradeDate = new DateTime(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc);
        var settled = new DateTimeOffset(2026, 3, 3, 17, 0, 0, TimeSpan.FromHours(1));
        await Holdings.SaveManyAsync(
        [
            new Holding { Id = "h1", Hedged = true, DeskId = desk, TradeDate = tradeDate, SettledAt = settled, Quantity = 1.5m },
            new Holding { Id = "h2", Hedged = false, DeskId = null, TradeDate = tradeDate.AddDays(1), SettledAt = settled.AddDays(1), Quantity = 2m },
        ]);

        Assert.Equal(["h1"], Ids(await Holdings.FindByHedgedAsync(true)));
        Assert.Equal(["h2"], Ids(await Holdings.FindByHedgedAsync(false)));
        Assert.Equal(["h1"], Ids(await Holdings.FindByDeskIdAsync(desk)));
        Assert.Equal(["h1"], Ids(await Holdings.FindByTradeDateAsync(tradeDate)));

        // Values equal in .NET are equal in the index: a DateTime of another kind with the same
        // ticks, the same instant at another offset, a decimal with more trailing zeros.
        Assert.Equal(["h1"], Ids(await Holdings.FindByTradeDateAsync(DateTime.SpecifyKind(tradeDate, DateTimeKind.Unspecified))));
        Assert.Equal(["h1"], Ids(await Holdings.FindBySettledAtAsync(settled.ToOffset(TimeSpan.FromHours(-5)))));
        Assert.Equal(["h1"], Ids(await Holdings.FindByQuantityAsync(1.500m)));
        Assert.Equal(["h2"], Ids(await Holdings.FindByQuantityAsync(2.0000m)));
    }

    [Fact]
    public async Task A_null_value_leaves_the_entity_out_of_that_index_only()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL", AccountId = null, DeskId = null });

        Assert.Equal(["h1"], Ids(await Holdings.FindByTickerAsync("AAPL")));
        Assert.DoesNotContain("fund:holding#eq:account", await KeysAsync()); // an index with no member has no key
        Assert.DoesNotContain("fund:holding#eq:DeskId", await KeysAsync());
    }

    [Fact]
    public async Task An_overridden_index_name_is_the_name_of_its_keys()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", AccountId = "acc-7" });

        Assert.Equal([IndexKeys.EqualityMember("acc-7", "h1")], (await Database.SortedSetRangeByRankAsync(Prefix + "fund:holding#eq:account")).Select(m => (string)m!));
        Assert.Equal(["h1"], Ids(await Holdings.FindByAccountIdAsync("acc-7")));
        Assert.Equal(1, await Holdings.CountByAccountIdAsync("acc-7"));
    }

    [Fact]
    public async Task A_computed_getter_is_indexed_by_its_value_at_save_time()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "VOD.L" }, new Holding { Id = "h2", Ticker = "AAPL" }]);

        Assert.Equal(["h1"], Ids(await Holdings.FindByExchangeAsync("XLON")));

        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "VOD" });

        Assert.Empty(await Holdings.FindByExchangeAsync("XLON"));
        Assert.Equal(["h1", "h2"], Ids(await Holdings.FindByExchangeAsync("XNAS")));
    }

    [Fact]
    public async Task Values_with_separators_and_unicode_are_found_exactly()
    {
        await Holdings.SaveManyAsync(
        [
            new Holding { Id = "h1", Ticker = "BRK:B" },
            new Holding { Id = "h2", Ticker = "BRK" },
            new Holding { Id = "h3", Ticker = "Ünïcødé *?[" },
        ]);

        Assert.Equal(["h1"], Ids(await Holdings.FindByTickerAsync("BRK:B")));
        Assert.Equal(["h2"], Ids(await Holdings.FindByTickerAsync("BRK")));
        Assert.Equal(["h3"], Ids(await Holdings.FindByTickerAsync("Ünïcødé *?[")));
    }

    [Fact]
    public async Task A_null_query_value_is_an_ArgumentNullException_naming_model_and_operation()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => Holdings.FindByTickerAsync(null!));

        Assert.Equal("ticker", error.ParamName);
        Assert.Contains("Holding", error.Message);
        Assert.Contains("FindByTickerAsync", error.Message);
    }

    [Fact]
    public async Task A_NaN_index_value_is_refused_before_anything_is_written()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Holdings.SaveAsync(new Holding { Id = "h1", Price = double.NaN }));

        Assert.Contains("Holding.SaveAsync", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Empty(await KeysAsync());
    }

    private static string[] Ids(IEnumerable<Holding> holdings) => holdings.Select(h => h.Id).Order(StringComparer.Ordinal).ToArray();
}
