using RedisRepo.Testing;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// The one Redis server all tests share, found once per test run, in this order: REDIS_URL;
/// a throwaway redis-server from PATH; a Testcontainers Redis when a Docker engine answers.
/// With none of them, every test fails with instructions: a skipped storage suite would be a
/// green light that means nothing. Tests isolate themselves by key prefix (<see cref="RedisTest"/>).
/// </summary>
public static class RedisServer
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(ConnectAsync);

    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    /// <summary>The configuration string of the shared server (for tests that build their own connection or host).</summary>
    public static string Configuration { get; private set; } = "";

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        Configuration = RedisEndpoint.FromEnvironment() ?? await StartServerAsync();
        var options = ConfigurationOptions.Parse(Configuration);
        options.AllowAdmin = true; // INFO commandstats, SCRIPT FLUSH in tests
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task<string> StartServerAsync()
    {
        if (RedisServerProcess.FindExecutable() is not null)
        {
            RedisServerProcess server = RedisServerProcess.Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            return server.Configuration;
        }

        try
        {
            RedisContainer container = new RedisBuilder("redis:7.0").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return container.GetConnectionString();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "No Redis server for the storage tests. Either set REDIS_URL (e.g. REDIS_URL=localhost:6379), " +
                "or install redis-server (Debian/Ubuntu: sudo apt-get install -y redis-server) so the tests can start a " +
                "throwaway one, or run a Docker engine for Testcontainers. The README's test command installs redis-server for you. " +
                $"(Testcontainers said: {e.Message})",
                e);
        }
    }
}
