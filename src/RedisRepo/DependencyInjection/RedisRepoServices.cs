using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;

namespace RedisRepo.DependencyInjection;

/// <summary>What the generated <c>AddRedisRepositories()</c> registrations call to build a repository.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RedisRepoServices
{
    /// <summary>The container's <see cref="RedisRepoContext"/>, or an error that says to call <c>AddRedisRepo</c>.</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="repository">The repository being built, for the message.</param>
    public static RedisRepoContext Context(IServiceProvider services, string repository) =>
        services.GetService<RedisRepoContext>()
        ?? throw new InvalidOperationException(
            $"{repository} is registered (AddRedisRepositories), but RedisRepo itself is not: call services.AddRedisRepo(...) " +
            "with a connection, e.g. services.AddRedisRepo(builder.Configuration.GetSection(\"Redis\")) or services.AddRedisRepo(\"localhost:6379\").");
}
