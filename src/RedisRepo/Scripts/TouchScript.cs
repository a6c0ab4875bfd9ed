using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/touch.lua</c>: re-arms a fixed time to live on entities (and their
/// "all ids" scores), optionally reading them: TouchAsync and sliding-expiry reads.
/// </summary>
internal static class TouchScript
{
    public static readonly RedisScript Script = new("touch.lua");

    /// <summary>Per entity key: its payload (when reading) or a non-null marker when it exists; null when it does not.</summary>
    public static async Task<RedisValue[]> RunAsync(IDatabaseAsync database, RedisKey allIds, RedisKey[] entities, string[] keyIds, long timeToLive, bool read, string model, string operation)
    {
        var keys = new RedisKey[1 + entities.Length];
        var values = new RedisValue[2 + keyIds.Length];
        keys[0] = allIds;
        values[0] = timeToLive;
        values[1] = read ? ScriptProtocol.TouchAndGet : ScriptProtocol.TouchOnly;
        for (int i = 0; i < entities.Length; i++)
        {
            keys[1 + i] = entities[i];
            values[2 + i] = keyIds[i];
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, keys, values).ConfigureAwait(false), model, operation);
        var found = new RedisValue[entities.Length];
        for (int i = 0; i < found.Length; i++)
        {
            found[i] = (RedisValue)reply[i + 1];
        }

        return found;
    }
}
