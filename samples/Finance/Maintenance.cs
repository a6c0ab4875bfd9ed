using StackExchange.Redis;

namespace Finance;

/// <summary>
/// Operations code that breaks RedisRepo's analyzer rules on purpose. Each suppression names the
/// rule and says why the rule's advice does not apply here: that is how a suppression should read.
/// </summary>
public static class Maintenance
{
    /// <summary>Counts a prefix's keys for an operator's report.</summary>
    public static int CountKeys(IConnectionMultiplexer connection, string prefix)
    {
        IServer server = connection.GetServer(connection.GetEndPoints()[0]);

        // A one-off admin report on a replica, never on a request path; the repositories' own
        // indexes answer every application query.
#pragma warning disable RR1001 // KEYS usage: deliberate, see above
        return server.Keys(pattern: prefix + "*", pageSize: 1000).Count();
#pragma warning restore RR1001
    }

    /// <summary>Marks the cache as warmed until the next deploy, which flushes it.</summary>
    public static Task MarkCacheWarmAsync(IDatabase database) =>
        // The flag must outlive any TTL we could pick: the deploy script deletes it.
#pragma warning disable RR1003 // cache write without expiry: deliberate, see above
        database.StringSetAsync("finance:cache:warm", "1");
#pragma warning restore RR1003

    /// <summary>Replays journal entries strictly in order, each depending on the previous one's result.</summary>
    public static async Task<long> ReplayAsync(IDatabase database, IEnumerable<string> journalKeys)
    {
        long applied = 0;
        foreach (string key in journalKeys)
        {
            // Each entry is only read once the previous one has been applied, so the reads cannot be batched.
#pragma warning disable RR1004 // round trip per item: the order is the point
            RedisValue entry = await database.StringGetAsync(key);
#pragma warning restore RR1004
            if (entry.IsNull)
            {
                break;
            }

            applied++;
        }

        return applied;
    }
}
