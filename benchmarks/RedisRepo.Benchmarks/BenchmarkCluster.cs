using RedisRepo.Testing;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks;

/// <summary>
/// The Redis Cluster the cluster benchmarks talk to: REDIS_CLUSTER_URL (a StackExchange.Redis
/// configuration string or redis:// URL naming one or more cluster nodes), or a throwaway 6-node
/// cluster (3 primaries, 1 replica each, loopback, <see cref="RedisClusterProcess"/>) that this
/// process starts on first use and stops at exit. One shared connection, as an application has.
/// </summary>
public static class BenchmarkCluster
{
    public const string Variable = "REDIS_CLUSTER_URL";

    private static readonly Lazy<(RedisClusterProcess? Cluster, string Configuration, ConnectionMultiplexer Connection)> Shared = new(Start);

    public static ConnectionMultiplexer Connection => Shared.Value.Connection;

    public static string Configuration => Shared.Value.Configuration;

    /// <summary>Deletes every key under a prefix on every primary (SCAN per node, DEL grouped by hash slot: a cluster refuses cross-slot DEL).</summary>
    public static void DeleteKeys(string prefix)
    {
        IDatabase database = Connection.GetDatabase();
        foreach (IServer server in Connection.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            foreach (RedisKey[] batch in server.Keys(pattern: prefix + "*", pageSize: 1000).Chunk(1000))
            {
                foreach (IGrouping<int, RedisKey> slot in batch.GroupBy(key => Connection.HashSlot(key)))
                {
                    database.KeyDelete(slot.ToArray());
                }
            }
        }
    }

    private static (RedisClusterProcess?, string, ConnectionMultiplexer) Start()
    {
        string? url = Environment.GetEnvironmentVariable(Variable);
        RedisClusterProcess? cluster = string.IsNullOrWhiteSpace(url) ? RedisClusterProcess.Start(primaries: 3, replicasPerPrimary: 1) : null;
        string configuration = cluster?.Configuration ?? RedisEndpoint.ToConfiguration(url!.Trim());
        ConnectionMultiplexer connection;
        try
        {
            connection = ConnectionMultiplexer.Connect(configuration);
            if (connection.GetServers().FirstOrDefault(server => server.IsConnected) is not { ServerType: ServerType.Cluster })
            {
                connection.Dispose();
                throw new InvalidOperationException($"{Variable} must name Redis Cluster nodes, but {configuration} is not a cluster (or no node answered).");
            }
        }
        catch
        {
            cluster?.Dispose();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            connection.Dispose();
            cluster?.Dispose();
        };
        int primaries = connection.GetServers().Count(server => server.IsConnected && !server.IsReplica);
        Console.WriteLine($"Redis Cluster: {(cluster is null ? Variable + "=" : "started ")}{configuration}; {primaries} primaries");
        return (cluster, configuration, connection);
    }
}
