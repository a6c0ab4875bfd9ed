using DotNet.Testcontainers.Builders;
using Testcontainers.Redis;

namespace RedisRepo.Testing;

public sealed partial class RedisTestServer
{
    /// <summary>
    /// Finds or starts a Redis, in this order: the server at <c>REDIS_URL</c> (a StackExchange.Redis
    /// configuration string or a <c>redis://</c> / <c>rediss://</c> URL); else a throwaway
    /// <c>redis-server</c> from PATH (free loopback port, temporary directory, no persistence,
    /// ready when its log says so); else a Redis container through Testcontainers when a Docker
    /// engine answers. It does not connect: <see cref="Connection"/> does, on first use.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for a server or container to start.</param>
    /// <exception cref="InvalidOperationException">
    /// None of the three is available (the message says what was tried and how to fix each), or
    /// redis-server or the container was found but did not start (the message has why).
    /// </exception>
    public static Task<RedisTestServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(RedisTestServerOptions.FromEnvironment(), cancellationToken);

    internal static async Task<RedisTestServer> StartAsync(RedisTestServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RedisEndpoint.FromValue(options.RedisUrl) is { } configuration)
        {
            return new RedisTestServer(configuration, RedisTestServerSource.RedisUrl, () => ValueTask.CompletedTask);
        }

        if (options.RedisServerPath is { } executable)
        {
            LocalRedisServer server = await LocalRedisServer.StartAsync(executable, [], cancellationToken).ConfigureAwait(false);
            return new RedisTestServer(server.Configuration, RedisTestServerSource.RedisServer, () =>
            {
                server.Dispose();
                return ValueTask.CompletedTask;
            });
        }

        string docker = "not tried (disabled)";
        string? dockerDetail = null;
        if (options.UseTestcontainers)
        {
            (RedisTestServer? started, dockerDetail) = await TryContainerAsync(options.ContainerImage, cancellationToken).ConfigureAwait(false);
            if (started is not null)
            {
                return started;
            }

            docker = "Docker did not answer";
        }

        throw new InvalidOperationException(
            "No Redis to test against. Tried, in order:\n" +
            $"  1. {RedisEndpoint.Variable}: not set. Fix: set it to a server you run, e.g. {RedisEndpoint.Variable}=localhost:6379 or {RedisEndpoint.Variable}=redis://:password@host:6379 (rediss:// for TLS).\n" +
            $"  2. {LocalRedisServer.ExecutableName} on PATH: not found. Fix: install Redis so a throwaway server can be started (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis).\n" +
            $"  3. Testcontainers: {docker}. Fix: start a Docker engine (or set DOCKER_HOST to one) so a Redis container can be started." +
            (dockerDetail is null ? "" : $"\nTestcontainers said: {dockerDetail}"));
    }

    /// <summary>The started container, or null and Testcontainers' explanation when no Docker engine answered.</summary>
    /// <exception cref="InvalidOperationException">Docker answered but the container did not start.</exception>
    private static async Task<(RedisTestServer? Server, string Detail)> TryContainerAsync(string image, CancellationToken cancellationToken)
    {
        RedisContainer container;
        try
        {
            container = new RedisBuilder(image).Build();
        }
        catch (DockerUnavailableException e)
        {
            return (null, e.Message.Trim());
        }

        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DockerUnavailableException e)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            return (null, e.Message.Trim());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"A Docker engine answered, but the Redis container ({image}) did not start: {e.Message}", e);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return (new RedisTestServer(container.GetConnectionString(), RedisTestServerSource.Testcontainers, container.DisposeAsync), "");
    }
}
