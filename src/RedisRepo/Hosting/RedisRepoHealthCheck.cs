using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RedisRepo.Hosting;

/// <summary>
/// The health of RedisRepo's Redis: Healthy when every primary answers PING and has RedisRepo's
/// scripts loaded (missing ones are loaded, as after a restart or a failover); Degraded when a
/// server of the topology is missing (a primary or a replica of a cluster, a replica of a
/// standalone primary that had one); the registration's failure status (Unhealthy by default)
/// when no primary answers or Redis fails.
/// </summary>
internal sealed class RedisRepoHealthCheck(RedisRepoContext context) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext check, CancellationToken cancellationToken = default)
    {
        IServer[] servers = context.Connection.GetServers();
        IServer[] primaries = ScriptPreloader.Primaries(context.Connection);
        var data = new Dictionary<string, object>
        {
            ["servers"] = servers.Length,
            ["connected"] = servers.Count(s => s.IsConnected),
            ["primaries"] = primaries.Length,
            ["cluster"] = context.IsCluster,
        };
        if (primaries.Length == 0)
        {
            return new HealthCheckResult(check.Registration.FailureStatus, "RedisRepo: no Redis primary is connected.", data: data);
        }

        try
        {
            int loaded = await ScriptPreloader.LoadAsync(primaries, context.Logger, cancellationToken).ConfigureAwait(false);
            data["scriptsLoaded"] = loaded;
        }
        catch (RedisException e)
        {
            return new HealthCheckResult(check.Registration.FailureStatus, "RedisRepo: Redis failed: " + e.Message, e, data);
        }

        IServer[] missing = servers.Where(s => !s.IsConnected).ToArray();
        return missing.Length == 0
            ? HealthCheckResult.Healthy($"RedisRepo: {primaries.Length} primary server(s) answer, scripts loaded.", data)
            : HealthCheckResult.Degraded($"RedisRepo: {string.Join(", ", missing.Select(s => s.EndPoint))} not connected; the others answer.", data: data);
    }
}
