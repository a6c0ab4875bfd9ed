using Microsoft.Extensions.DependencyInjection.Extensions;
using RedisRepo;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RedisRepo's shared <see cref="RedisRepoContext"/>.</summary>
/// <remarks>
/// Call one of these once, then the generated <c>AddRedisRepositories()</c> to register the
/// repositories themselves.
/// </remarks>
public static class RedisRepoServiceCollectionExtensions
{
    /// <summary>
    /// Registers RedisRepo, configured by <paramref name="configure"/>. The connection is, in order:
    /// <see cref="RedisRepoOptions.Connection"/>; a connection to <see cref="RedisRepoOptions.Configuration"/>
    /// (opened on first use, disposed with the container); an <see cref="IConnectionMultiplexer"/>
    /// already registered in the container.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddRedisRepo(this IServiceCollection services, Action<RedisRepoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RedisRepoOptions();
        configure(options);

        if (options.Connection is { } connection)
        {
            services.TryAddSingleton(connection);
        }
        else if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            string configuration = options.Configuration;
            services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        }

        services.TryAddSingleton(options);
        services.TryAddSingleton(provider =>
        {
            IConnectionMultiplexer multiplexer = options.Connection
                ?? provider.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException(
                    "AddRedisRepo: no Redis connection. Set RedisRepoOptions.Configuration (e.g. \"localhost:6379\") " +
                    "or RedisRepoOptions.Connection, or register an IConnectionMultiplexer.");
            return new RedisRepoContext(multiplexer, options.KeyPrefix, options.Database)
            {
                CacheLockLease = options.CacheLockLease,
                CacheLockWait = options.CacheLockWait,
                UniqueClaimLease = options.UniqueClaimLease,
                WaitForReplicas = options.WaitForReplicas,
                ReplicaWaitTimeout = options.ReplicaWaitTimeout,
            };
        });
        return services;
    }

    /// <summary>Registers RedisRepo over a connection to <paramref name="configuration"/>, e.g. <c>"localhost:6379"</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    public static IServiceCollection AddRedisRepo(this IServiceCollection services, string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return services.AddRedisRepo(options => options.Configuration = configuration);
    }

    /// <summary>Registers RedisRepo over an existing connection, which it does not dispose.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">The connection to share.</param>
    /// <param name="configure">Optionally sets the key prefix and database.</param>
    public static IServiceCollection AddRedisRepo(this IServiceCollection services, IConnectionMultiplexer connection, Action<RedisRepoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return services.AddRedisRepo(options =>
        {
            configure?.Invoke(options);
            options.Connection = connection;
        });
    }
}
