using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
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

        await ScriptPreloader.LoadAsync(primaries, context.Logger, cancellationToken).ConfigureAwait(false);
        foreach (IServer primary in primaries)
        {
            await CheckEvictionPolicyAsync(primary, context.Logger).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Warns when a primary may evict keys without a TTL (<c>allkeys-*</c>): RedisRepo's "all ids"
    /// and index keys have none, and an evicted one makes index reads miss entities (docs/guarantees.md, 8).
    /// </summary>
    private static async Task CheckEvictionPolicyAsync(IServer primary, ILogger logger)
    {
        string endpoint = primary.EndPoint.ToString() ?? "?";
        try
        {
            string policy = await EvictionPolicyScript.RunAsync(primary).ConfigureAwait(false);
            if (policy.StartsWith("allkeys-", StringComparison.OrdinalIgnoreCase))
            {
                Log.UnsafeEvictionPolicy(logger, endpoint, policy);
            }
        }
        catch (RedisException e)
        {
            Log.EvictionPolicyUnknown(logger, endpoint, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
