using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// Sends a command again when a cluster refused it without running it: TRYAGAIN (a multi-key
/// command whose keys are split by a slot migration under way) and CLUSTERDOWN (a failover under
/// way), with a bounded backoff of about 3 seconds in all. MOVED and ASK are followed by
/// StackExchange.Redis itself. Only for commands that may be sent again without reordering
/// anything: lone scripts and reads.
/// </summary>
internal static class ClusterRetry
{
    private static readonly int[] Delays = [10, 20, 40, 80, 160, 320, 640, 1000, 1000];

    public static async Task<T> RunAsync<T>(Func<Task<T>> command)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await command().ConfigureAwait(false);
            }
            catch (RedisServerException e) when (ShouldRetry(attempt, e))
            {
                await DelayAsync(attempt).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether attempt <paramref name="attempt"/> (from 0) of a command the cluster refused without running it is retried.</summary>
    public static bool ShouldRetry(int attempt, RedisServerException e) => attempt < Delays.Length && IsNotRun(e);

    /// <summary>The backoff before the next attempt.</summary>
    public static Task DelayAsync(int attempt) => Task.Delay(Delays[attempt]);

    /// <summary>Whether a cluster refused the command before running it.</summary>
    public static bool IsNotRun(RedisServerException e) =>
        e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || e.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal);
}
