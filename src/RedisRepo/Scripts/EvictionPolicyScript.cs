using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/eviction-policy.lua</c>: one server's <c>maxmemory-policy</c>, checked at warm-up.</summary>
internal static class EvictionPolicyScript
{
    public static readonly RedisScript Script = new("eviction-policy.lua");

    /// <summary>The policy of <paramref name="server"/> (sent to it, not routed by key), or "" when it reports none.</summary>
    public static async Task<string> RunAsync(IServer server)
    {
        RedisResult reply = await server.ExecuteAsync("EVAL", Script.Lua, 0).ConfigureAwait(false);
        RedisResult[] values = ScriptFailure.Unwrap(reply, "RedisRepo", "warm-up");
        return (string?)values[1] ?? "";
    }
}
