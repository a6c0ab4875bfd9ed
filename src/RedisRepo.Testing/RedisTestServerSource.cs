namespace RedisRepo.Testing;

/// <summary>Where a <see cref="RedisTestServer"/> came from; <see cref="RedisTestServer.StartAsync(CancellationToken)"/> tries them in this order.</summary>
public enum RedisTestServerSource
{
    /// <summary>The server named by the <c>REDIS_URL</c> environment variable; it is used as is and left running.</summary>
    RedisUrl,

    /// <summary>A throwaway <c>redis-server</c> from PATH, started for the tests and stopped on dispose.</summary>
    RedisServer,

    /// <summary>A Redis container started through Testcontainers on a Docker engine, removed on dispose.</summary>
    Testcontainers,
}
