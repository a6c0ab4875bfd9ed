using StackExchange.Redis;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// Base class of the storage tests: a connection to the shared server and a key prefix of its
/// own per test class instance (xunit creates one per test), so tests run in parallel without
/// seeing each other's keys.
/// </summary>
public abstract class RedisTest : IAsyncLifetime
{
    protected ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>The key prefix this test owns; every repository key starts with it.</summary>
    protected string Prefix { get; } = $"test:{Guid.NewGuid():N}:";

    protected RedisRepoContext Context { get; private set; } = null!;

    protected IDatabase Database => Connection.GetDatabase();

    public virtual async Task InitializeAsync()
    {
        Connection = await RedisServer.ConnectionAsync();
        Context = new RedisRepoContext(Connection, Prefix);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (RedisKey key in await KeysAsync())
        {
            await Database.KeyDeleteAsync(key);
        }
    }

    /// <summary>Every key under this test's prefix, sorted: what the test actually left in Redis.</summary>
    protected async Task<List<string>> KeysAsync()
    {
        var keys = new List<string>();
        foreach (var endpoint in Connection.GetEndPoints())
        {
            await foreach (RedisKey key in Connection.GetServer(endpoint).KeysAsync(pattern: Prefix + "*", pageSize: 1000))
            {
                keys.Add(((string)key!)[Prefix.Length..]);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
