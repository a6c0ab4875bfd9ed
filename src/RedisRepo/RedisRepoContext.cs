using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedisRepo.Diagnostics;
using StackExchange.Redis;

namespace RedisRepo;

/// <summary>
/// The connection and key settings that every generated repository shares. Registered as a
/// singleton by <c>AddRedisRepo</c>; construct one directly to use repositories without DI.
/// </summary>
public sealed class RedisRepoContext
{
    /// <summary>Creates a context over an open connection.</summary>
    /// <param name="connection">The connection to use; the context does not dispose it.</param>
    /// <param name="keyPrefix">Text prepended to every key, see <see cref="RedisRepoOptions.KeyPrefix"/>.</param>
    /// <param name="database">The database number, -1 for the connection's default.</param>
    public RedisRepoContext(IConnectionMultiplexer connection, string keyPrefix = "", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        Connection = connection;
        KeyPrefix = keyPrefix;
        DatabaseNumber = database;
    }

    /// <summary>The shared connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>Text prepended to every key.</summary>
    public string KeyPrefix { get; }

    /// <summary>The database number, -1 for the connection's default.</summary>
    public int DatabaseNumber { get; }

    /// <summary>
    /// Cache-aside (<c>GetOrAddAsync</c>): how long the Redis lock that keeps other processes
    /// from running the same factory lives if its holder never releases it (it crashed).
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan CacheLockLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Cache-aside (<c>GetOrAddAsync</c>): how long a caller waits for another process that holds
    /// the lock to store the value before it runs the factory itself. Default 5 seconds.
    /// </summary>
    public TimeSpan CacheLockWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the connection is to a Redis Cluster (then every script must stay in one slot).</summary>
    public bool IsCluster
    {
        get
        {
            if (_isCluster is bool known)
            {
                return known;
            }

            StackExchange.Redis.IServer[] servers = Connection.GetServers();
            bool cluster = servers.Any(s => s.ServerType == StackExchange.Redis.ServerType.Cluster);
            if (servers.Any(s => s.IsConnected))
            {
                _isCluster = cluster; // known only once a server has answered
            }

            return cluster;
        }
    }

    private bool? _isCluster;

    /// <summary>
    /// Sharded models' unique indexes: how long a claim on a value protects a save that has not
    /// written its entity yet (see docs/cluster.md). After it, the claim is held only while its
    /// holder's record lists it, so a writer that died between claim and write blocks the value
    /// at most this long. Default 30 seconds; keep it far above a write's latency.
    /// </summary>
    public TimeSpan UniqueClaimLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When above 0, a write is acknowledged only after Redis WAIT, sent to the node that took the
    /// write, reports at least this many replicas have it; a shortfall within
    /// <see cref="ReplicaWaitTimeout"/> is a <see cref="RedisRepoException"/> saying the write is
    /// applied on the primary but may not survive a failover. Default 0: no wait.
    /// </summary>
    public int WaitForReplicas { get; init; }

    /// <summary>How long a write waits for <see cref="WaitForReplicas"/> replicas. Default 1 second.</summary>
    public TimeSpan ReplicaWaitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where RedisRepo logs (category <c>"RedisRepo"</c>): Debug for script loads, Warning for
    /// repaired index entries, entities a rebuild skipped and an unsafe <c>maxmemory-policy</c>.
    /// Set from the container's <see cref="ILoggerFactory"/> by <c>AddRedisRepo</c>; none by default.
    /// </summary>
    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        init
        {
            _loggerFactory = value;
            Logger = value?.CreateLogger(RedisRepoInstrumentation.LoggerCategory) ?? NullLogger.Instance;
            ConnectionLoggers.Register(Connection, Logger);
        }
    }

    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>The logger of <see cref="LoggerFactory"/>, or one that drops everything.</summary>
    internal ILogger Logger { get; private init; } = NullLogger.Instance;

    /// <summary>The database that repositories read and write.</summary>
    public IDatabase GetDatabase() => Connection.GetDatabase(DatabaseNumber);

    /// <summary>
    /// Starts a unit of work across repositories: queue with the generated <c>Save(batch, entity)</c>
    /// and <c>Delete(batch, key)</c>, then <see cref="RedisBatch.ExecuteAsync"/> sends everything in
    /// one round trip.
    /// </summary>
    /// <param name="atomic">True for all or nothing; false (default) for each operation on its own.</param>
    public RedisBatch CreateBatch(bool atomic = false) => new(this, atomic);
}
