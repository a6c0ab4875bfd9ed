using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisRepo;
using RedisRepo.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds RedisRepo's health check: <c>services.AddHealthChecks().AddRedisRepo()</c>.</summary>
public static class RedisRepoHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of RedisRepo's Redis: Healthy when every primary answers and has the scripts
    /// loaded, Degraded when a server of the topology is missing, <paramref name="failureStatus"/>
    /// (Unhealthy by default) when no primary answers.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; "redisrepo" by default.</param>
    /// <param name="failureStatus">What an unreachable Redis reports; Unhealthy by default.</param>
    /// <param name="tags">Tags to filter checks by (e.g. "ready").</param>
    /// <param name="timeout">How long the check may take.</param>
    public static IHealthChecksBuilder AddRedisRepo(this IHealthChecksBuilder builder, string name = "redisrepo", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new RedisRepoHealthCheck(services.GetRequiredService<RedisRepoContext>()),
            failureStatus,
            tags,
            timeout));
    }
}
