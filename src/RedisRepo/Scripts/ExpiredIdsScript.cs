using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/expired-ids.lua</c>: up to a limit of ids whose expiry score has passed, by the server's clock.</summary>
internal static class ExpiredIdsScript
{
    public static readonly RedisScript Script = new("expired-ids.lua");

    public static async Task<string[]> RunAsync(IDatabaseAsync database, RedisKey allIds, int limit, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [allIds], [limit]).ConfigureAwait(false), model, operation);
        var ids = new string[reply.Length - 1];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (string)reply[i + 1]!;
        }

        return ids;
    }
}
