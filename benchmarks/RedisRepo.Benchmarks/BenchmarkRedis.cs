using RedisRepo.Testing;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks;

/// <summary>
/// The Redis every benchmark talks to: REDIS_URL, or a throwaway redis-server on loopback that
/// this process starts once and stops at exit. One shared connection, as an application has.
/// </summary>
public static class BenchmarkRedis
{
    private static readonly Lazy<(RedisServerProcess? Server, ConnectionMultiplexer Connection)> Shared = new(Start);

    public static ConnectionMultiplexer Connection => Shared.Value.Connection;

    public static string Configuration => Shared.Value.Server?.Configuration ?? RedisEndpoint.FromEnvironment()!;

    /// <summary>A key prefix of the benchmark's own, so runs on a shared server never meet.</summary>
    public static string NewPrefix(string name) => $"bench:{name}:{Guid.NewGuid():N}:";

    /// <summary>Deletes every key under a prefix (SCAN, in batches).</summary>
    public static void DeleteKeys(string prefix)
    {
        IServer server = Connection.GetServer(Connection.GetEndPoints()[0]);
        IDatabase database = Connection.GetDatabase();
        foreach (RedisKey[] batch in server.Keys(pattern: prefix + "*", pageSize: 1000).Chunk(1000))
        {
            database.KeyDelete(batch);
        }
    }

    private static (RedisServerProcess?, ConnectionMultiplexer) Start()
    {
        RedisServerProcess? server = RedisEndpoint.FromEnvironment() is null ? RedisServerProcess.Start() : null;
        string configuration = server?.Configuration ?? RedisEndpoint.FromEnvironment()!;
        ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(configuration);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            connection.Dispose();
            server?.Dispose();
        };
        return (server, connection);
    }
}
