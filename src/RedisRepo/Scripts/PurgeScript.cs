using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/purge.lua</c>: removes the index entries of ids whose entity is gone,
/// re-checking each one atomically (expiry sweep; rebuild's orphan pass).
/// </summary>
internal static class PurgeScript
{
    public static readonly RedisScript Script = new("purge.lua");

    /// <summary>
    /// Purges the candidates whose entity is gone: with expiredOnly (a sweep) only those whose
    /// expiry score has passed, otherwise any (orphans). Returns how many ids were purged and how
    /// many re-scored (their entity lives on).
    /// </summary>
    public static async Task<(long Purged, long Rescored)> RunAsync(IDatabaseAsync database, RedisKey allIds, RedisKey records, IndexSlot[] slots, IReadOnlyList<string> ids, Func<string, RedisKey> entityKey, bool expiredOnly, string model, string operation)
    {
        var keys = new RedisKey[2 + slots.Length + ids.Count];
        var values = new RedisValue[1 + 1 + (slots.Length * ScriptProtocol.ArgsPerSlot) + ids.Count];
        keys[0] = allIds;
        keys[1] = records;
        values[0] = expiredOnly ? ScriptProtocol.PurgeExpired : ScriptProtocol.PurgeOrphans;
        int k = 2;
        int a = WriteScript.AddSlots(slots, keys, ref k, values, 1);
        foreach (string id in ids)
        {
            keys[k++] = entityKey(id);
            values[a++] = id;
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, keys, values).ConfigureAwait(false), model, operation);
        return ((long)reply[1], (long)reply[2]);
    }
}
