using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/claim.lua</c>: claims a sharded model's unique value in the value's bucket.</summary>
internal static class ClaimScript
{
    public static readonly RedisScript Script = new("claim.lua");

    /// <summary>The outcome (<c>Claim*</c> of <see cref="ScriptProtocol"/>), the current holder and, when the lease has passed, the exact claim.</summary>
    public static async Task<(string Outcome, string Holder, string Claim)> RunAsync(IDatabaseAsync database, RedisKey claims, string value, string keyId, string token, long leaseMilliseconds, string? takeover, string model, string operation)
    {
        RedisValue[] values = takeover is null
            ? [value, keyId, token, leaseMilliseconds, ScriptProtocol.ClaimNew]
            : [value, keyId, token, leaseMilliseconds, ScriptProtocol.ClaimTakeover, takeover];
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [claims], values).ConfigureAwait(false), model, operation);
        return ((string)reply[1]!, reply.Length > 2 ? (string)reply[2]! : "", reply.Length > 3 ? (string)reply[3]! : "");
    }
}
