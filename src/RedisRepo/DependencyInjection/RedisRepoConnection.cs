using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisRepo.DependencyInjection;

/// <summary>
/// Builds the one <see cref="RedisRepoContext"/> of a container from the composed
/// <see cref="RedisRepoOptions"/>, and owns (disposes) a connection it opened itself. The
/// connection is, in order: <see cref="RedisRepoOptions.UseConnection"/>; a connection to
/// <see cref="RedisRepoOptions.Configuration"/> (abortConnect=false, so resolving never fails
/// because Redis is down: calls fail, and recover when it returns); an
/// <see cref="IConnectionMultiplexer"/> registered in the container.
/// </summary>
internal sealed class RedisRepoConnection(IOptions<RedisRepoOptions> options, IServiceProvider services) : IDisposable
{
    private ConnectionMultiplexer? _owned;

    public RedisRepoContext CreateContext()
    {
        RedisRepoOptions settings = options.Value;
        IConnectionMultiplexer connection = settings.GetConnection()
            ?? (string.IsNullOrWhiteSpace(settings.Configuration) ? null : _owned = Connect(settings.Configuration))
            ?? services.GetService<IConnectionMultiplexer>()
            ?? throw new InvalidOperationException(
                "AddRedisRepo: no Redis connection. Set RedisRepoOptions.Configuration (e.g. \"localhost:6379\", or \"Redis:Configuration\" " +
                "in the configuration section given to AddRedisRepo), or give a connection with RedisRepoOptions.UseConnection, or register an IConnectionMultiplexer.");
        return new RedisRepoContext(connection, settings.KeyPrefix, settings.Database)
        {
            CacheLockLease = settings.CacheLockLease,
            CacheLockWait = settings.CacheLockWait,
            UniqueClaimLease = settings.UniqueClaimLease,
            WaitForReplicas = settings.WaitForReplicas,
            ReplicaWaitTimeout = settings.ReplicaWaitTimeout,
            LoggerFactory = services.GetService<ILoggerFactory>(),
        };
    }

    public void Dispose() => _owned?.Dispose();

    private static ConnectionMultiplexer Connect(string configuration)
    {
        var parsed = ConfigurationOptions.Parse(configuration);
        parsed.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(parsed);
    }
}
