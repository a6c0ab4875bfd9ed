using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace RedisRepo.Hosting;

/// <summary>
/// At host start: opens RedisRepo's connection (resolving the context) and loads the scripts on
/// every primary, so the first request neither connects nor meets NOSCRIPT. Start fails with a
/// <see cref="RedisRepoException"/> naming the endpoints when no primary is reachable; after start,
/// outages are the calls' own errors, as without a warm-up.
/// </summary>
internal sealed class RedisRepoWarmUp(RedisRepoContext context) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IServer[] primaries = ScriptPreloader.Primaries(context.Connection);
        if (primaries.Length == 0)
        {
            string endpoints = string.Join(", ", context.Connection.GetEndPoints().Select(e => e.ToString()));
            throw new RedisRepoException(
                $"RedisRepo warm-up: no Redis primary is reachable at {endpoints}. " +
                "Start Redis or correct RedisRepoOptions.Configuration, or remove AddRedisRepoWarmUp() to start without Redis.");
        }

        await ScriptPreloader.LoadAsync(primaries, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
