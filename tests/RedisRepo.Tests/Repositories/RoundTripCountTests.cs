using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace RedisRepo.Tests.Repositories;

/// <summary>
/// Round trips as DESIGN.md's table states them, counted with StackExchange.Redis profiling on a
/// connection of this test's own (so other tests' commands are not counted).
/// </summary>
public sealed class RoundTripCountTests : RedisTest
{
    private static readonly AsyncLocal<ProfilingSession?> Current = new();

    private ConnectionMultiplexer _counted = null!;

    private PositionRepository Positions => new(new RedisRepoContext(_counted, Prefix));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _counted = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
        _counted.RegisterProfiler(() => Current.Value);

        // Load the scripts first: a server that has never seen a script answers NOSCRIPT once.
        await Positions.SaveAsync(new Position { Id = "warm-up" });
        await Positions.DeleteAsync("warm-up");
        await Positions.CountAsync();
    }

    public override async Task DisposeAsync()
    {
        await _counted.DisposeAsync();
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

        Assert.Equal(["ZRANGEBYSCORE", "MGET"], await CommandsOf(() => Positions.GetAllAsync()));
    }

    [Fact]
    public async Task Get_many_is_one_round_trip()
    {
        await Positions.SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Position { Id = "p" + i }));

        Assert.Equal(["MGET"], await CommandsOf(() => Positions.GetManyAsync(["p1", "p2", "p3"])));
    }

    [Fact]
    public async Task A_script_flushed_from_the_server_is_reloaded_transparently()
    {
        await Connection.GetServer(Connection.GetEndPoints()[0]).ScriptFlushAsync();

        List<string> commands = await CommandsOf(() => Positions.SaveAsync(new Position { Id = "after-flush" }));

        Assert.Equal(["EVALSHA", "EVAL"], commands); // NOSCRIPT, then the script in full
        Assert.NotNull(await Positions.GetAsync("after-flush"));
    }

    private static async Task<List<string>> CommandsOf(Func<Task> action)
    {
        var session = new ProfilingSession();
        Current.Value = session;
        try
        {
            await action();
        }
        finally
        {
            Current.Value = null;
        }

        return session.FinishProfiling().Select(c => c.Command).ToList();
    }
}
