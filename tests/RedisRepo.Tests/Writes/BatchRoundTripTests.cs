using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Writes;

/// <summary>
/// Batched reads and writes cost one round trip whatever N is: chunked script calls or MGETs,
/// all sent before any reply is awaited (N = 1, 10, 10,000). Runs alone: it pauses the server
/// so that round trips can be counted exactly (see <see cref="CommandLog.RecordPausedAsync"/>).
/// </summary>
[Collection(nameof(ServerWideCollection))]
public sealed class BatchRoundTripTests : RedisTest
{
    private CommandLog _log = null!;

    private HoldingRepository Holdings => new(new RedisRepoContext(_log.Connection, Prefix));

    private LoginRepository Logins => new(new RedisRepoContext(_log.Connection, Prefix));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _log = await CommandLog.ConnectAsync();
        await Holdings.SaveManyAsync([new Holding { Id = "warm-up" }]); // loads the scripts: NOSCRIPT would add a round trip
        await Holdings.DeleteManyAsync(["warm-up"]);
        await Logins.GetManyAsync(["warm-up"]);
    }

    public override async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(10_000)]
    public async Task SaveMany_GetMany_GetAll_FindBy_and_DeleteMany_take_one_round_trip_each(int n)
    {
        Holding[] holdings = Enumerable.Range(0, n).Select(i => new Holding { Id = "h" + i, Ticker = "T", Isin = "I" + i }).ToArray();
        string[] ids = holdings.Select(h => h.Id).ToArray();
        int scriptCalls = (n + 255) / 256, reads = (n + 999) / 1000;

        CommandLog.Commands save = await _log.RecordPausedAsync(Database, () => Holdings.SaveManyAsync(holdings));
        IReadOnlyList<Holding?> got = null!;
        CommandLog.Commands getMany = await _log.RecordPausedAsync(Database, async () => got = await Holdings.GetManyAsync(ids));
        IReadOnlyList<Holding> all = null!;
        CommandLog.Commands getAll = await _log.RecordPausedAsync(Database, async () => all = await Holdings.GetAllAsync());
        IReadOnlyList<Holding> found = null!;
        CommandLog.Commands findBy = await _log.RecordPausedAsync(Database, async () => found = await Holdings.FindByTickerAsync("T"));
        long deleted = 0;
        CommandLog.Commands delete = await _log.RecordPausedAsync(Database, async () => deleted = await Holdings.DeleteManyAsync(ids));

        // Every chunk goes by EVALSHA, several of them as a sequence that applies in order even if the
        // server loses its script cache (Faults/ScriptCacheLossTests); the sequence key is gone afterwards (below).
        const string scriptCommand = "EVALSHA";
        Assert.Equal((1, scriptCalls), (save.RoundTrips, save.Count(scriptCommand)));
        Assert.Equal(0, save.Count("EVAL"));
        Assert.Equal((1, reads), (getMany.RoundTrips, getMany.Count("MGET")));
        Assert.Equal((1, scriptCalls), (delete.RoundTrips, delete.Count(scriptCommand)));

        // GetAll and FindBy: the id read, then the entities through the same chunked MGET path as
        // GetMany (whose single round trip is counted above under the pause, which only covers
        // the first wave): the MGETs all wait for the id read, and nothing else is sent.
        foreach ((CommandLog.Commands read, string idRead) in new[] { (getAll, "EVALSHA"), (findBy, "ZRANGEBYLEX") })
        {
            Assert.Equal([idRead, .. Enumerable.Repeat("MGET", reads)], read.Names);
            Assert.True(read.RoundTrips >= 2, read.Timeline);
            Assert.True(read.AllAfterFirstCompleted, read.Timeline);
        }

        Assert.Equal(ids, got.Select(h => h!.Id));
        Assert.Equal(n, all.Count);
        Assert.Equal(n, found.Count);
        Assert.Equal(n, deleted);
        Assert.Empty(await KeysAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public async Task Sliding_GetMany_re_arms_in_one_round_trip(int n)
    {
        await Logins.SaveManyAsync(Enumerable.Range(0, n).Select(i => new Login { Id = "l" + i, User = "u" }));
        string[] ids = [.. Enumerable.Range(0, n).Select(i => "l" + i), "missing"];

        IReadOnlyList<Login?> read = null!;
        CommandLog.Commands sent = await _log.RecordPausedAsync(Database, async () => read = await Logins.GetManyAsync(ids));

        Assert.Equal((1, (n + 1 + 255) / 256), (sent.RoundTrips, sent.Count("EVALSHA")));
        Assert.Equal(ids.SkipLast(1).Append(null), read.Select(l => l?.Id));
    }

    [Fact]
    public async Task GetMany_returns_input_order_with_null_for_missing_ids()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "a" }, new Holding { Id = "c" }]);

        IReadOnlyList<Holding?> read = await Holdings.GetManyAsync(["c", "missing", "a", "c"]);

        Assert.Equal(["c", null, "a", "c"], read.Select(h => h?.Id));
    }
}
