using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>
/// Round trips as DESIGN.md's table states them, counted with StackExchange.Redis profiling on a
/// connection of this test's own (so other tests' commands are not counted).
/// </summary>
public sealed class RoundTripCountTests : RedisTest
{
    private CommandLog _log = null!;

    private PositionRepository Positions => new(new RedisRepoContext(_log.Connection, Prefix));

    private HoldingRepository Holdings => new(new RedisRepoContext(_log.Connection, Prefix));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _log = await CommandLog.ConnectAsync();

        // Load the scripts first: a server that has never seen a script answers NOSCRIPT once.
        await Positions.SaveAsync(new Position { Id = "warm-up" });
        await Positions.DeleteAsync("warm-up");
        await Positions.CountAsync();
        await Holdings.CountByTickerAsync("warm-up");
        await Holdings.FindByQuantityBetweenAsync(0m, 1m);
        await Holdings.CountByQuantityBetweenAsync(0m, 1m);
    }

    public override async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Save_is_one_round_trip()
    {
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Positions.SaveAsync(new Position { Id = "p1" })));
    }

    [Fact]
    public async Task Get_is_one_round_trip()
    {
        await Positions.SaveAsync(new Position { Id = "p1" });

        Assert.Equal(["GET"], await CommandsOf(() => Positions.GetAsync("p1")));
    }

    [Fact]
    public async Task Exists_delete_and_count_are_one_round_trip_each()
    {
        await Positions.SaveAsync(new Position { Id = "p1" });

        Assert.Equal(["EXISTS"], await CommandsOf(() => Positions.ExistsAsync("p1")));
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Positions.DeleteAsync("p1")));
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Positions.CountAsync()));
    }

    [Fact]
    public async Task Get_all_is_two_round_trips()
    {
        await Positions.SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Position { Id = "p" + i }));

        Assert.Equal(["EVALSHA", "MGET"], await CommandsOf(() => Positions.GetAllAsync())); // live ids by the server's clock, then the entities
    }

    [Fact]
    public async Task Get_many_is_one_round_trip()
    {
        await Positions.SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Position { Id = "p" + i }));

        Assert.Equal(["MGET"], await CommandsOf(() => Positions.GetManyAsync(["p1", "p2", "p3"])));
    }

    [Fact]
    public async Task An_indexed_save_and_delete_are_one_round_trip_each()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I1", Quantity = 1 });

        Assert.Equal(["EVALSHA"], await CommandsOf(() => Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B", Isin = "I2", Quantity = 2 })));
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Holdings.DeleteAsync("h1")));
    }

    [Fact]
    public async Task Index_reads_cost_what_the_design_table_says()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Holding { Id = "h" + i, Ticker = "A", Isin = "I" + i, Quantity = i }));

        Assert.Equal(["ZRANGEBYLEX", "MGET"], await CommandsOf(() => Holdings.FindByTickerAsync("A"))); // the entries, then the entities (Redis never returns an expired one)
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Holdings.CountByTickerAsync("A")));
        Assert.Equal(["HGET", "GET"], await CommandsOf(() => Holdings.GetByIsinAsync("I3")));
        Assert.Equal(["HGET"], await CommandsOf(() => Holdings.GetByIsinAsync("nobody")));
        Assert.Equal(["ZRANGEBYLEX", "MGET"], await CommandsOf(() => Holdings.FindByQuantityBetweenAsync(2m, 12m))); // the first take entries, then the entities
        Assert.Equal(["EVALSHA", "MGET"], await CommandsOf(() => Holdings.FindByQuantityBetweenAsync(2m, 12m, skip: 1))); // live members past skip, then the entities
        Assert.Equal(["EVALSHA"], await CommandsOf(() => Holdings.CountByQuantityBetweenAsync(2m, 12m)));
    }

    private async Task<List<string>> CommandsOf(Func<Task> action) => (await _log.RecordAsync(action)).Names;
}
