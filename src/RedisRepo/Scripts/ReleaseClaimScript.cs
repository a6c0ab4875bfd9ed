using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/release-claim.lua</c>: releases claims that are still the caller's (same holder, same token).</summary>
internal static class ReleaseClaimScript
{
    public static readonly RedisScript Script = new("release-claim.lua");

    public static async Task<long> RunAsync(IDatabaseAsync database, RedisKey claims, string keyId, IReadOnlyList<(string Value, string Token)> released, string model, string operation)
    {
        var values = new RedisValue[1 + (2 * released.Count)];
        values[0] = keyId;
        for (int i = 0; i < released.Count; i++)
        {
            values[1 + (2 * i)] = released[i].Value;
            values[2 + (2 * i)] = released[i].Token;
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [claims], values).ConfigureAwait(false), model, operation);
        return (long)reply[1];
    }
}
