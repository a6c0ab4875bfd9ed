using RedisRepo.Testing;
using StackExchange.Redis;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// The one Redis Cluster all cluster tests share, found once per test run: REDIS_CLUSTER_URL (a
/// StackExchange.Redis configuration string naming one or more cluster nodes), else a throwaway
/// <see cref="RedisClusterProcess"/> (3 primaries, 1 replica each) from redis-server and redis-cli on PATH,
/// stopped when the test run exits. With neither, every cluster test fails with instructions: a skipped
/// cluster suite would be a green light that means nothing. Tests isolate themselves by key prefix.
/// </summary>
public static class RedisCluster
{
    public const string Variable = "REDIS_CLUSTER_URL";

    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(ConnectAsync);

    /// <summary>An admin connection (AllowAdmin) to the shared cluster; starts the cluster on first use.</summary>
    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    /// <summary>The configuration string of the shared cluster (for tests that build their own connection or host); set once <see cref="ConnectionAsync"/> has completed.</summary>
    public static string Configuration { get; private set; } = "";

    /// <summary>The cluster this run started (to kill, restart or fail over its nodes), or null when REDIS_CLUSTER_URL names one.</summary>
    public static RedisClusterProcess? Process { get; private set; }

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        string? url = Environment.GetEnvironmentVariable(Variable);
        Configuration = string.IsNullOrWhiteSpace(url) ? await StartClusterAsync() : RedisEndpoint.ToConfiguration(url.Trim());
        var options = ConfigurationOptions.Parse(Configuration);
        options.AllowAdmin = true; // CLUSTER NODES, INFO, KEYS per node in tests
        ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(options);
        if (connection.GetServers().FirstOrDefault(server => server.IsConnected) is { ServerType: not ServerType.Cluster } server)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"{Variable} must name Redis Cluster nodes, but {server.EndPoint} is a {server.ServerType} server ({Configuration}).");
        }

        return connection;
    }

    private static async Task<string> StartClusterAsync()
    {
        if (RedisServerProcess.FindExecutable() is null || RedisClusterProcess.FindCli() is null)
        {
            throw new InvalidOperationException(
                "No Redis Cluster for the cluster tests. Either set REDIS_CLUSTER_URL to a StackExchange.Redis configuration " +
                "string naming one or more cluster nodes (e.g. REDIS_CLUSTER_URL=localhost:7000,localhost:7001), or install " +
                "redis-server and redis-cli (Debian/Ubuntu: sudo apt-get install -y redis-server) so the tests can start a " +
                "throwaway 6-node cluster. The README's test command installs redis-server for you.");
        }

        RedisClusterProcess cluster = await Task.Run(() => RedisClusterProcess.Start()); // 2-4 s of blocking work, kept off the test thread
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        Process = cluster;
        return cluster.Configuration;
    }
}
