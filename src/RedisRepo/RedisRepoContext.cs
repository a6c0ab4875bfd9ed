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

    /// <summary>The database that repositories read and write.</summary>
    public IDatabase GetDatabase() => Connection.GetDatabase(DatabaseNumber);
}
