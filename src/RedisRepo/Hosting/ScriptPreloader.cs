using Microsoft.Extensions.Logging;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Hosting;

/// <summary>
/// Loads RedisRepo's scripts on every connected primary that lacks them (after a restart, a
/// failover or a SCRIPT FLUSH), so the first write does not pay for NOSCRIPT. Shared by the
/// health check and the warm-up.
/// </summary>
internal static class ScriptPreloader
{
    /// <summary>The connected primaries of <paramref name="connection"/>.</summary>
    public static IServer[] Primaries(IConnectionMultiplexer connection) =>
        connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToArray();

    /// <summary>Pings each primary and loads the scripts it lacks (each logged at Debug); returns how many were loaded.</summary>
    public static async Task<int> LoadAsync(IEnumerable<IServer> primaries, ILogger logger, CancellationToken cancellationToken)
    {
        int loaded = 0;
        foreach (IServer primary in primaries)
        {
            await primary.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (RedisScript script in ScriptLibrary.All)
            {
                if (!await primary.ScriptExistsAsync(script.Sha1).WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    await primary.ScriptLoadAsync(script.Lua).WaitAsync(cancellationToken).ConfigureAwait(false);
                    Log.ScriptLoaded(logger, script.Name, primary.EndPoint.ToString() ?? "?");
                    loaded++;
                }
            }
        }

        return loaded;
    }
}
