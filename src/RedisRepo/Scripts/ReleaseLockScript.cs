using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/release-lock.lua</c>: releases a cache-aside lock only while it holds the caller's token.</summary>
internal static class ReleaseLockScript
{
    public static readonly RedisScript Script = new("release-lock.lua");

    public static async Task<bool> RunAsync(IDatabaseAsync database, RedisKey lockKey, string token, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [lockKey], [token]).ConfigureAwait(false), model, operation);
        return (long)reply[1] == 1;
    }
}
