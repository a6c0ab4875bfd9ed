using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/scan-ids.lua</c>: one ZSCAN page of a model's live ids.</summary>
internal static class ScanIdsScript
{
    public static readonly RedisScript Script = new("scan-ids.lua");

    /// <summary>The next cursor ("0" when the scan is complete) and the page's live ids.</summary>
    public static async Task<(string Cursor, string[] Ids)> RunAsync(IDatabaseAsync database, RedisKey allIds, string cursor, int pageSize, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [allIds], [cursor, pageSize]).ConfigureAwait(false), model, operation);
        var ids = new string[reply.Length - 2];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (string)reply[i + 2]!;
        }

        return ((string)reply[1]!, ids);
    }
}
