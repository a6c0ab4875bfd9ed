using RedisRepo.Testing;
using StackExchange.Redis;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// The one Redis server all tests share, found once per test run by the shipped
/// <see cref="RedisTestServer"/>, in its order: REDIS_URL; a throwaway redis-server from PATH; a
/// Testcontainers Redis when a Docker engine answers. With none of them, every test fails with its
/// instructions: a skipped storage suite would be a green light that means nothing. Tests isolate
/// themselves by key prefix (<see cref="RedisTest"/>).
/// </summary>
public static class RedisServer
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(ConnectAsync);

    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    /// <summary>The configuration string of the shared server (for tests that build their own connection or host).</summary>
    public static string Configuration { get; private set; } = "";

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        RedisTestServer server = await RedisTestServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Configuration = server.Configuration;
        var options = ConfigurationOptions.Parse(Configuration);
        options.AllowAdmin = true; // INFO commandstats, SCRIPT FLUSH in tests
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
