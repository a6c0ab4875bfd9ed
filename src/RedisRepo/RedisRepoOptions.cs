using StackExchange.Redis;

namespace RedisRepo;

/// <summary>
/// How RedisRepo reaches Redis and names its keys. Every property is plain data, so the type binds
/// from configuration with the configuration binding source generator and under NativeAOT; the
/// connection object, which cannot be bound, is set with <see cref="UseConnection"/> instead.
/// </summary>
public sealed class RedisRepoOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>"localhost:6379"</c>. Used when no
    /// connection is given (<see cref="UseConnection"/>) and no <see cref="IConnectionMultiplexer"/> is registered.
    /// </summary>
    public string? Configuration { get; set; }

    // A field, not a property: configuration binders (reflection and source-generated) bind
    // properties, and an IConnectionMultiplexer property breaks the binding generator (CS0619).
    private IConnectionMultiplexer? _connection;

    /// <summary>Shares an existing connection instead of opening one; RedisRepo does not dispose it. Null clears it.</summary>
    /// <param name="connection">The connection, or null.</param>
    /// <returns>These options.</returns>
    public RedisRepoOptions UseConnection(IConnectionMultiplexer? connection)
    {
        _connection = connection;
        return this;
    }

    /// <summary>The connection given to <see cref="UseConnection"/>, or null.</summary>
    public IConnectionMultiplexer? GetConnection() => _connection;

    /// <summary>
    /// Text prepended to every key RedisRepo reads or writes (entities and indexes), e.g.
    /// <c>"staging:"</c>. Isolates environments, tenants or tests on one server. Empty by default.
    /// </summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>The Redis database number; -1 (the default) uses the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>Cache-aside: the lifetime of the cross-process factory lock; see <see cref="RedisRepoContext.CacheLockLease"/>.</summary>
    public TimeSpan CacheLockLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cache-aside: how long to wait for another process's factory; see <see cref="RedisRepoContext.CacheLockWait"/>.</summary>
    public TimeSpan CacheLockWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sharded models' unique indexes: how long a claim protects a save in flight; see <see cref="RedisRepoContext.UniqueClaimLease"/>.</summary>
    public TimeSpan UniqueClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When above 0, every write is acknowledged only once this many replicas of the node that took
    /// it have it (Redis WAIT); see <see cref="RedisRepoContext.WaitForReplicas"/>. Default 0.
    /// </summary>
    public int WaitForReplicas { get; set; }

    /// <summary>How long a write waits for <see cref="WaitForReplicas"/>; see <see cref="RedisRepoContext.ReplicaWaitTimeout"/>. Default 1 second.</summary>
    public TimeSpan ReplicaWaitTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
