using System.Net.Sockets;
using RedisRepo.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisRepo.Tests.Testing;

/// <summary>
/// RedisTestServer.StartAsync finds a Redis in order: REDIS_URL, a throwaway redis-server from
/// PATH, Testcontainers; with none, it fails naming all three and how to fix each. Each branch is
/// forced through the internal options seam, never by changing this process's environment (tests
/// run in parallel).
/// </summary>
public sealed class RedisTestServerSourceTests(ITestOutputHelper output)
{
    private static readonly string RedisServerOnPath = LocalRedisServer.FindExecutable()
        ?? throw new InvalidOperationException("redis-server is not on PATH; these tests start their own. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server).");

    [Fact]
    public async Task Redis_url_is_used_first_and_the_server_is_left_running()
    {
        using RedisServerProcess running = RedisServerProcess.Start();
        var options = new RedisTestServerOptions { RedisUrl = $"redis://127.0.0.1:{running.Port}", RedisServerPath = RedisServerOnPath };

        await using (RedisTestServer server = await RedisTestServer.StartAsync(options, CancellationToken.None))
        {
            Assert.Equal(RedisTestServerSource.RedisUrl, server.Source);
            Assert.Equal($"127.0.0.1:{running.Port}", server.Configuration);
            await server.Connection.GetDatabase().StringSetAsync("through-redis-url", "yes");
        }

        await using ConnectionMultiplexer direct = await ConnectionMultiplexer.ConnectAsync(running.Configuration);
        Assert.Equal("yes", (string?)await direct.GetDatabase().StringGetAsync("through-redis-url"));
    }

    [Fact]
    public async Task Redis_url_may_be_a_configuration_string()
    {
        using RedisServerProcess running = RedisServerProcess.Start();

        await using RedisTestServer server = await RedisTestServer.StartAsync(new RedisTestServerOptions { RedisUrl = $" {running.Configuration} " }, CancellationToken.None);

        Assert.Equal(RedisTestServerSource.RedisUrl, server.Source);
        Assert.Equal(running.Configuration, server.Configuration);
        Assert.Equal(running.Port, ((System.Net.IPEndPoint)server.Connection.GetEndPoints()[0]).Port);
    }

    [Fact]
    public async Task Without_redis_url_a_throwaway_redis_server_from_path_serves_commands_without_persistence_and_stops_on_dispose()
    {
        RedisTestServer server = await RedisTestServer.StartAsync(new RedisTestServerOptions { RedisServerPath = RedisServerOnPath, UseTestcontainers = false }, CancellationToken.None);
        int port;
        try
        {
            Assert.Equal(RedisTestServerSource.RedisServer, server.Source);
            Assert.StartsWith("127.0.0.1:", server.Configuration, StringComparison.Ordinal);
            Assert.Same(server.Connection, server.Connection);
            IDatabase database = server.Connection.GetDatabase();
            await database.StringSetAsync("k", "v");
            Assert.Equal("v", (string?)await database.StringGetAsync("k"));
            port = ((System.Net.IPEndPoint)server.Connection.GetEndPoints()[0]).Port;
            await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
            IServer raw = admin.GetServer(admin.GetEndPoints()[0]);
            Assert.Equal("", (await raw.ConfigGetAsync("save")).Single().Value);
            Assert.Equal("no", (await raw.ConfigGetAsync("appendonly")).Single().Value);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Throws<ObjectDisposedException>(() => server.Connection);
        using var client = new TcpClient();
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task With_no_redis_anywhere_the_error_names_all_three_options_and_how_to_fix_each()
    {
        var nothing = new RedisTestServerOptions { RedisUrl = "  ", RedisServerPath = null, UseTestcontainers = false };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisTestServer.StartAsync(nothing, CancellationToken.None));

        Assert.Contains("No Redis to test against", error.Message, StringComparison.Ordinal);
        Assert.Contains("1. REDIS_URL: not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("REDIS_URL=localhost:6379", error.Message, StringComparison.Ordinal);
        Assert.Contains("2. redis-server on PATH: not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("3. Testcontainers: not tried (disabled)", error.Message, StringComparison.Ordinal);
        Assert.Contains("start a Docker engine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_redis_url_or_redis_server_testcontainers_starts_a_container_when_docker_answers_and_says_docker_did_not_answer_otherwise()
    {
        var onlyDocker = new RedisTestServerOptions { RedisUrl = null, RedisServerPath = null, UseTestcontainers = true };
        string? docker = await DockerEngine.AnsweringEndpointAsync();

        if (docker is not null)
        {
            await using RedisTestServer server = await RedisTestServer.StartAsync(onlyDocker, CancellationToken.None);
            output.WriteLine($"A Docker engine answered at {docker}: the container is {server.Configuration}");
            Assert.Equal(RedisTestServerSource.Testcontainers, server.Source);
            IDatabase database = server.Connection.GetDatabase();
            await database.StringSetAsync("k", "in a container");
            Assert.Equal("in a container", (string?)await database.StringGetAsync("k"));
        }
        else
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisTestServer.StartAsync(onlyDocker, CancellationToken.None));
            output.WriteLine($"No Docker engine answered here, so the error is the expected outcome:\n{error.Message}");
            Assert.Contains("3. Testcontainers: Docker did not answer", error.Message, StringComparison.Ordinal);
            Assert.Contains("1. REDIS_URL: not set", error.Message, StringComparison.Ordinal);
            Assert.Contains("2. redis-server on PATH: not found", error.Message, StringComparison.Ordinal);
        }
    }
}
