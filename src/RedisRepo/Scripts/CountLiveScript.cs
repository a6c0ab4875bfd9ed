using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/count-live.lua</c>: the number of live ids in "all ids", by the server's clock.</summary>
internal static class CountLiveScript
{
    public static readonly RedisScript Script = new("count-live.lua");

    public static async Task<long> RunAsync(IDatabaseAsync database, RedisKey allIds, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [allIds], []).ConfigureAwait(false), model, operation);
        return (long)reply[1];
    }
}
