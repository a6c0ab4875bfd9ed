namespace RedisRepo.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free loopback port, with no persistence, in a temporary
/// directory, that tests can also crash and restart. The launcher is the shipped
/// RedisRepo.Testing package's (the one <c>RedisTestServer</c> uses); this adds Kill, Restart and
/// extra settings for the repository's own fault tests. Disposing it stops the server and removes
/// the directory.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly LocalRedisServer _server;

    private RedisServerProcess(LocalRedisServer server) => _server = server;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port => _server.Port;

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string Configuration => _server.Configuration;

    /// <summary>The full path of <c>redis-server</c> on PATH, or null.</summary>
    public static string? FindExecutable() => LocalRedisServer.FindExecutable();

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort() => LocalRedisServer.FreePort();

    /// <summary>Starts a server; retries on another port if the chosen one was taken meanwhile.</summary>
    /// <param name="settings">More redis-server options, e.g. <c>--appendonly yes</c> or <c>--maxmemory 4mb</c> (they override the defaults).</param>
    /// <exception cref="InvalidOperationException">redis-server is not on PATH or did not start; the message has its log.</exception>
    public static RedisServerProcess Start(params string[] settings)
    {
        string executable = FindExecutable()
            ?? throw new InvalidOperationException("redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL.");
        return new RedisServerProcess(LocalRedisServer.StartAsync(executable, settings, CancellationToken.None).GetAwaiter().GetResult());
    }

    /// <summary>Kills the server with SIGKILL, as a crash would: no shutdown, no final save.</summary>
    public void Kill() => _server.Kill();

    /// <summary>Starts the server again on the same port and directory (and so the same AOF or RDB files), after <see cref="Kill"/>.</summary>
    public void Restart() => _server.RestartAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Stops the server and removes its directory.</summary>
    public void Dispose() => _server.Dispose();
}
