using System.Net;
using StackExchange.Redis;

namespace RedisRepo.Diagnostics;

/// <summary>Where a key lives, for traces and logs: the server StackExchange.Redis routes it to (on a cluster, its slot's primary).</summary>
internal static class ServerEndpoint
{
    /// <summary>The endpoint of the server for <paramref name="key"/>, or null when none answers for its slot yet.</summary>
    public static EndPoint? Of(IConnectionMultiplexer connection, RedisKey key)
    {
        try
        {
            return connection.GetServer(key).EndPoint;
        }
        catch (RedisException)
        {
            return null;
        }
    }
}
