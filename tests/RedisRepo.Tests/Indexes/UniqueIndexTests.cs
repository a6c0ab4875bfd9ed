using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Indexes;

/// <summary>[Index(Unique = true)]: GetBy{Prop}Async, and one holder per value even under races.</summary>
public sealed class UniqueIndexTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    private LeaseRepository Leases => new(Context);

    [Fact]
    public async Task GetBy_returns_the_holder_of_the_value_or_null()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = "US0378331005" }, new Holding { Id = "h2", Isin = "US5949181045" }]);

        Assert.Equal("h1", (await Holdings.GetByIsinAsync("US0378331005"))?.Id);
        Assert.Equal("h2", (await Holdings.GetByIsinAsync("US5949181045"))?.Id);
        Assert.Null(await Holdings.GetByIsinAsync("GB0002634946"));
    }

    [Fact]
    public async Task A_value_held_by_another_entity_throws_naming_model_property_and_value_and_writes_nothing()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "AAPL", Isin = "US0378331005" });
        List<string> before = await KeysAsync();

        var error = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(
            () => Holdings.SaveAsync(new Holding { Id = "h2", Ticker = "MSFT", Isin = "US0378331005" }));

        Assert.Equal("Holding", error.Model);
        Assert.Equal("Isin", error.Property);
        Assert.Equal("isin", error.Index);
        Assert.Equal("US0378331005", error.Value);
        Assert.Equal("h1", error.HolderId);
        Assert.Equal("SaveAsync", error.Operation);
        Assert.Contains("Holding.SaveAsync: Isin 'US0378331005' is already held by the Holding with key id 'h1'", error.Message);
        Assert.Equal(before, await KeysAsync());
        Assert.False(await Holdings.ExistsAsync("h2"));
        Assert.Empty(await Holdings.FindByTickerAsync("MSFT"));
    }

    [Fact]
    public async Task A_conflicting_update_leaves_the_entity_as_it_was()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Ticker = "A", Isin = "I1" }, new Holding { Id = "h2", Ticker = "B", Isin = "I2" }]);

        await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(
            () => Holdings.SaveAsync(new Holding { Id = "h2", Ticker = "C", Isin = "I1" }));

        Holding? h2 = await Holdings.GetAsync("h2");
        Assert.Equal(("B", "I2"), (h2?.Ticker, h2?.Isin));
        Assert.Equal("h2", (await Holdings.GetByIsinAsync("I2"))?.Id);
        Assert.Equal(["h2"], (await Holdings.FindByTickerAsync("B")).Select(h => h.Id));
        Assert.Empty(await Holdings.FindByTickerAsync("C"));
    }

    [Fact]
    public async Task Re_saving_an_entity_with_its_own_value_succeeds()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I1" });

        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B", Isin = "I1" });

        Assert.Equal("B", (await Holdings.GetByIsinAsync("I1"))?.Ticker);
    }

    [Fact]
    public async Task Changing_or_deleting_the_holder_frees_its_old_value()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = "I1" }, new Holding { Id = "h2", Isin = "I2" }]);

        await Holdings.SaveAsync(new Holding { Id = "h1", Isin = "I9" });
        await Holdings.SaveAsync(new Holding { Id = "h3", Isin = "I1" });
        await Holdings.DeleteAsync("h2");
        await Holdings.SaveAsync(new Holding { Id = "h4", Isin = "I2" });

        Assert.Equal("h3", (await Holdings.GetByIsinAsync("I1"))?.Id);
        Assert.Equal("h4", (await Holdings.GetByIsinAsync("I2"))?.Id);
        Assert.Equal("h1", (await Holdings.GetByIsinAsync("I9"))?.Id);
        var claims = await Database.HashGetAllAsync(Prefix + "fund:holding#uq:isin");
        Assert.Equal(["I1=h3", "I2=h4", "I9=h1"], claims.Select(c => $"{c.Name}={c.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_null_value_claims_nothing()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = null }, new Holding { Id = "h2", Isin = null }]);

        Assert.Equal(2, await Holdings.CountAsync());
        Assert.DoesNotContain("fund:holding#uq:isin", await KeysAsync());
    }

    [Fact]
    public async Task Of_many_concurrent_writers_of_one_value_exactly_one_wins()
    {
        const int Writers = 64;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            // Each writer has its own connection, so the saves really race on the server.
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
            var holdings = new HoldingRepository(new RedisRepoContext(connection, Prefix));
            try
            {
                await holdings.SaveAsync(new Holding { Id = "writer-" + i, Ticker = "RACE", Isin = "CONTESTED" });
                return "won";
            }
            catch (RedisRepoUniqueConstraintException)
            {
                return "lost";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(Writers - 1, outcomes.Count(o => o == "lost"));
        string winner = "writer-" + Array.IndexOf(outcomes, "won");
        Assert.Equal(winner, (await Holdings.GetByIsinAsync("CONTESTED"))?.Id);
        Assert.Equal(1, await Holdings.CountAsync());
        Assert.Equal([winner], (await Holdings.FindByTickerAsync("RACE")).Select(h => h.Id));
    }

    [Fact]
    public async Task A_value_held_by_an_expired_entity_is_free_again()
    {
        await Leases.SaveAsync(new Lease { Id = "l1", Resource = "printer", Duration = TimeSpan.FromMilliseconds(50) });
        await Eventually.TrueAsync(async () => !await Leases.ExistsAsync("l1"));

        Assert.Null(await Leases.GetByResourceAsync("printer"));
        await Leases.SaveAsync(new Lease { Id = "l2", Resource = "printer" });

        Assert.Equal("l2", (await Leases.GetByResourceAsync("printer"))?.Id);
    }

    [Fact]
    public async Task A_hand_corrupted_claim_neither_blocks_a_save_nor_is_returned()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = "I1" }, new Holding { Id = "h2", Isin = "I2" }]);
        await Database.HashSetAsync(Prefix + "fund:holding#uq:isin", "I3", "h1"); // h1 does not hold I3

        Assert.Null(await Holdings.GetByIsinAsync("I3"));
        Assert.False(await Database.HashExistsAsync(Prefix + "fund:holding#uq:isin", "I3")); // repaired on read

        await Database.HashSetAsync(Prefix + "fund:holding#uq:isin", "I4", "h2");
        await Holdings.SaveAsync(new Holding { Id = "h5", Isin = "I4" });
        Assert.Equal("h5", (await Holdings.GetByIsinAsync("I4"))?.Id);
    }
}
