using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/live-ids.lua</c>: every live id of a model, by the server's clock.</summary>
internal static class LiveIdsScript
{
    public static readonly RedisScript Script = new("live-ids.lua");

    public static async Task<string[]> RunAsync(IDatabaseAsync database, RedisKey allIds, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [allIds], []).ConfigureAwait(false), model, operation);
        var ids = new string[reply.Length - 1];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (string)reply[i + 1]!;
        }

        return ids;
    }
}
