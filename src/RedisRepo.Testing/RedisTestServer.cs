using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;

namespace RedisRepo.Testing;

/// <summary>
/// A real Redis to test against, whatever the test framework. <see cref="StartAsync(CancellationToken)"/>
/// uses <c>REDIS_URL</c>, else starts a throwaway <c>redis-server</c> from PATH, else a
/// Testcontainers Redis when a Docker engine answers. Start one per test run (a class or
/// collection fixture) and give each test a key prefix of its own with <see cref="NewKeyPrefix"/>
/// and <see cref="CreateContext"/>, so tests run in parallel without seeing each other's keys.
/// Disposing it closes <see cref="Connection"/> and stops what it started (never a REDIS_URL server).
/// </summary>
public sealed partial class RedisTestServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, byte> IssuedPrefixes = new(StringComparer.Ordinal);

    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly Func<ValueTask> _stop;
    private int _disposed;

    private RedisTestServer(string configuration, RedisTestServerSource source, Func<ValueTask> stop)
    {
        Configuration = configuration;
        Source = source;
        _stop = stop;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The StackExchange.Redis configuration string of the server, for code that makes its own connection.</summary>
    public string Configuration { get; }

    /// <summary>Which of REDIS_URL, redis-server and Testcontainers provided the server.</summary>
    public RedisTestServerSource Source { get; }

    /// <summary>One connection shared by every caller, made on first use and closed by <see cref="DisposeAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public IConnectionMultiplexer Connection
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _connection.Value;
        }
    }

    /// <summary>
    /// A key prefix no other call in this process returns: <c>test:{testName}:{8 random hex}:</c>,
    /// or <c>test:{8 random hex}:</c> without a name. Characters of the name other than letters,
    /// digits, '-', '_' and '.' become '_', so the prefix is also a safe SCAN pattern.
    /// </summary>
    /// <param name="testName">A readable part, e.g. the test's name, to tell whose keys are whose.</param>
    public string NewKeyPrefix(string? testName = null)
    {
        string name = string.IsNullOrWhiteSpace(testName) ? "" : Sanitize(testName) + ":";
        while (true)
        {
            string prefix = $"test:{name}{Guid.NewGuid().ToString("N")[..8]}:";
            if (IssuedPrefixes.TryAdd(prefix, 0))
            {
                return prefix;
            }
        }
    }

    /// <summary>
    /// A context over <see cref="Connection"/> whose repositories read and write only keys that
    /// start with <paramref name="keyPrefix"/> (a <see cref="NewKeyPrefix"/> when null): pass it to
    /// a generated repository, e.g. <c>new PositionRepository(context)</c>.
    /// </summary>
    /// <param name="keyPrefix">The prefix; <see cref="RedisRepoContext.KeyPrefix"/> tells which was used.</param>
    public RedisRepoContext CreateContext(string? keyPrefix = null) =>
        new(Connection, keyPrefix ?? NewKeyPrefix());

    /// <summary>
    /// Deletes every key that starts with <paramref name="keyPrefix"/>, found by SCAN on every
    /// primary (so on a cluster too), and returns how many it deleted. Keys written meanwhile may
    /// survive. Call it when a test ends, e.g. in <c>DisposeAsync</c>.
    /// </summary>
    /// <param name="keyPrefix">The prefix; glob characters in it are matched literally.</param>
    /// <param name="cancellationToken">Stops between keys.</param>
    /// <exception cref="ArgumentException">The prefix is empty: that would delete every key.</exception>
    public async Task<long> DeleteKeysAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        IConnectionMultiplexer connection = Connection;
        IDatabase database = connection.GetDatabase();
        string pattern = EscapeGlob(keyPrefix) + "*";
        long deleted = 0;
        foreach (IServer server in connection.GetServers().Where(server => !server.IsReplica))
        {
            var pending = new List<Task<bool>>();
            await foreach (RedisKey key in server.KeysAsync(database.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                pending.Add(database.KeyDeleteAsync(key)); // one key per command: keys of a cluster live in many slots
                if (pending.Count == 1000)
                {
                    deleted += await CountDeletedAsync(pending).ConfigureAwait(false);
                }
            }

            deleted += await CountDeletedAsync(pending).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Closes <see cref="Connection"/>, then stops the redis-server or container this instance started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_connection.IsValueCreated)
        {
            await _connection.Value.DisposeAsync().ConfigureAwait(false);
        }

        await _stop().ConfigureAwait(false);
    }

    private static async Task<long> CountDeletedAsync(List<Task<bool>> pending)
    {
        bool[] results = await Task.WhenAll(pending).ConfigureAwait(false);
        pending.Clear();
        return results.Count(deleted => deleted);
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }

    private static string EscapeGlob(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
