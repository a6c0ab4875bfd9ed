using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RedisRepo.DependencyInjection;
using RedisRepo.Hosting;
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
    /// Registers RedisRepo, configured by <paramref name="configure"/>. Options compose as in any
    /// Microsoft.Extensions library (<c>services.Configure&lt;RedisRepoOptions&gt;(...)</c> adds to
    /// them) and a later call wins: a call that sets <see cref="RedisRepoOptions.Configuration"/>
    /// replaces the connection an earlier one gave, so a test host can point the app at its own
    /// Redis. The connection is, in order: <see cref="RedisRepoOptions.UseConnection"/>; a connection
    /// to <see cref="RedisRepoOptions.Configuration"/> (opened on first use with abortConnect=false,
    /// disposed with the container); an <see cref="IConnectionMultiplexer"/> registered in the container.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddRedisRepo(this IServiceCollection services, Action<RedisRepoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisRepoOptions>().Configure(options =>
        {
            (string? configuration, IConnectionMultiplexer? connection) = (options.Configuration, options.GetConnection());
            configure(options);
            if (options.Configuration != configuration && ReferenceEquals(options.GetConnection(), connection))
            {
                options.UseConnection(null); // a new connection string replaces an earlier connection
            }
        });
        services.TryAddSingleton<RedisRepoConnection>();
        services.TryAddSingleton(provider => provider.GetRequiredService<RedisRepoConnection>().CreateContext());
        return services;
    }

    /// <summary>
    /// Registers RedisRepo configured from a configuration section, e.g.
    /// <c>services.AddRedisRepo(builder.Configuration.GetSection("Redis"))</c> with keys
    /// <c>Configuration</c>, <c>KeyPrefix</c>, <c>Database</c>, <c>CacheLockLease</c>,
    /// <c>CacheLockWait</c>, <c>UniqueClaimLease</c>, <c>WaitForReplicas</c>, <c>ReplicaWaitTimeout</c>.
    /// Bound key by key, without reflection (NativeAOT-safe).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section.</param>
    public static IServiceCollection AddRedisRepo(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddRedisRepo(options => RedisRepoOptionsBinder.Bind(section, options));
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
            options.UseConnection(connection);
        });
    }

    /// <summary>
    /// Adds a hosted service that, at host start, opens RedisRepo's connection and loads its scripts
    /// on every primary, so the first request neither connects nor meets NOSCRIPT. Start fails with a
    /// <see cref="RedisRepoException"/> naming the endpoints when no primary is reachable. Without it
    /// the connection opens on first use and the app starts while Redis is down. Calling it twice
    /// adds one warm-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddRedisRepoWarmUp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisRepoWarmUp>());
        return services;
    }
}
