using System.Text.RegularExpressions;
using RedisRepo.Testing;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Testing;

/// <summary>
/// Per-test isolation with RedisTestServer: NewKeyPrefix never repeats, a repository over
/// CreateContext(prefix) writes only under its prefix, and DeleteKeysAsync removes only that
/// prefix's keys. Tests of one class run one after another, so each can diff the server's keys.
/// </summary>
public sealed partial class RedisTestServerIsolationTests(RedisTestServerFixture fixture) : IClassFixture<RedisTestServerFixture>
{
    private RedisTestServer Server => fixture.Server;

    private IDatabase Database => Server.Connection.GetDatabase();

    [Fact]
    public void New_key_prefixes_never_collide_and_carry_the_test_name_made_safe_for_scan()
    {
        string[] prefixes = new string[20_000];
        Parallel.For(0, prefixes.Length, i => prefixes[i] = Server.NewKeyPrefix(i % 2 == 0 ? "same name" : null));

        Assert.Equal(prefixes.Length, prefixes.Distinct(StringComparer.Ordinal).Count());
        Assert.Matches(NamedPrefix(), Server.NewKeyPrefix("Save_works"));
        Assert.Matches(UnnamedPrefix(), Server.NewKeyPrefix());
        Assert.StartsWith("test:a_b_c_d_:", Server.NewKeyPrefix("a b*c?d]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_over_CreateContext_writes_only_under_its_prefix_and_sees_nothing_of_another()
    {
        string mine = Server.NewKeyPrefix(nameof(A_repository_over_CreateContext_writes_only_under_its_prefix_and_sees_nothing_of_another));
        RedisRepoContext context = Server.CreateContext(mine);
        var other = new PositionRepository(Server.CreateContext());
        HashSet<string> before = await AllKeysAsync();

        await new PositionRepository(context).SaveAsync(new Position { Id = "p1", Ticker = "MSFT", Quantity = 3 });

        Assert.Equal(mine, context.KeyPrefix);
        Assert.Same(Server.Connection, context.Connection);
        string[] written = (await AllKeysAsync()).Except(before).ToArray();
        Assert.NotEmpty(written);
        Assert.All(written, key => Assert.StartsWith(mine, key, StringComparison.Ordinal));
        Assert.Contains(mine + "finance:position:p1", written);
        Assert.Null(await other.GetAsync("p1"));
        Assert.Equal(3, (await new PositionRepository(context).GetAsync("p1"))!.Quantity);
    }

    [Fact]
    public async Task DeleteKeysAsync_removes_every_key_of_its_prefix_and_nothing_else()
    {
        string doomed = Server.NewKeyPrefix("doomed");
        string kept = Server.NewKeyPrefix("kept");
        string globby = $"test:[ab]*{Guid.NewGuid():N}:"; // glob characters are matched literally
        string globNeighbour = globby.Replace("[ab]*", "a-x", StringComparison.Ordinal);
        var doomedPositions = new PositionRepository(Server.CreateContext(doomed));
        await doomedPositions.SaveManyAsync(Enumerable.Range(0, 2500).Select(i => new Position { Id = $"p{i}" }).ToArray());
        await new PositionRepository(Server.CreateContext(kept)).SaveAsync(new Position { Id = "p0" });
        await Database.StringSetAsync(globby + "k", "1");
        await Database.StringSetAsync(globNeighbour + "k", "1");
        int doomedKeys = (await AllKeysAsync()).Count(key => key.StartsWith(doomed, StringComparison.Ordinal));
        HashSet<string> others = (await AllKeysAsync()).Where(key => !key.StartsWith(doomed, StringComparison.Ordinal)).ToHashSet();

        long deleted = await Server.DeleteKeysAsync(doomed);
        long deletedGlobby = await Server.DeleteKeysAsync(globby);

        Assert.True(doomedKeys > 2500, $"expected the 2500 entities and their index keys, found {doomedKeys}");
        Assert.Equal(doomedKeys, deleted);
        Assert.Equal(1, deletedGlobby);
        others.Remove(globby + "k");
        Assert.Equal(others.Order(StringComparer.Ordinal), (await AllKeysAsync()).Order(StringComparer.Ordinal));
        Assert.Null(await doomedPositions.GetAsync("p0"));
        Assert.True(await Database.KeyExistsAsync(globNeighbour + "k"));
    }

    [Fact]
    public async Task DeleteKeysAsync_refuses_an_empty_prefix_which_would_delete_every_key()
    {
        await Database.StringSetAsync(Server.NewKeyPrefix() + "k", "1");

        await Assert.ThrowsAsync<ArgumentException>(() => Server.DeleteKeysAsync(""));
        Assert.NotEmpty(await AllKeysAsync());
    }

    private async Task<HashSet<string>> AllKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (IServer server in Server.Connection.GetServers())
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: "*", pageSize: 1000))
            {
                keys.Add(key!);
            }
        }

        return keys;
    }

    [GeneratedRegex("^test:Save_works:[0-9a-f]{8}:$")]
    private static partial Regex NamedPrefix();

    [GeneratedRegex("^test:[0-9a-f]{8}:$")]
    private static partial Regex UnnamedPrefix();
}
