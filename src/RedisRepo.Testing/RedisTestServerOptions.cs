namespace RedisRepo.Testing;

/// <summary>
/// What <see cref="RedisTestServer.StartAsync(CancellationToken)"/> looks at, read from the
/// process environment by <see cref="FromEnvironment"/>. Internal: the seam that lets tests force
/// each branch without changing the environment of a process whose tests run in parallel.
/// </summary>
internal sealed record RedisTestServerOptions
{
    /// <summary>The <c>REDIS_URL</c> value (configuration string or redis:// URL); null or blank when unset.</summary>
    public string? RedisUrl { get; init; }

    /// <summary>The redis-server executable to start; null when none is installed.</summary>
    public string? RedisServerPath { get; init; }

    /// <summary>Whether to try Testcontainers when there is neither <see cref="RedisUrl"/> nor <see cref="RedisServerPath"/>.</summary>
    public bool UseTestcontainers { get; init; } = true;

    /// <summary>The container image Testcontainers starts.</summary>
    public string ContainerImage { get; init; } = "redis:7.0";

    /// <summary><c>REDIS_URL</c>, and <c>redis-server</c> looked up on PATH.</summary>
    public static RedisTestServerOptions FromEnvironment() => new()
    {
        RedisUrl = Environment.GetEnvironmentVariable(RedisEndpoint.Variable),
        RedisServerPath = LocalRedisServer.FindExecutable(),
    };
}
