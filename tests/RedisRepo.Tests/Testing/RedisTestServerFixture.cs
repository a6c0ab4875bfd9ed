using RedisRepo.Testing;

namespace RedisRepo.Tests.Testing;

/// <summary>
/// One RedisTestServer for a test class, the way a user's class fixture holds one; a private
/// redis-server (forced through the seam) so a test can reason about every key on it.
/// </summary>
public sealed class RedisTestServerFixture : IAsyncLifetime
{
    public RedisTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string redisServer = LocalRedisServer.FindExecutable()
            ?? throw new InvalidOperationException("redis-server is not on PATH; these tests start their own. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server).");
        Server = await RedisTestServer.StartAsync(new RedisTestServerOptions { RedisServerPath = redisServer, UseTestcontainers = false }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
