using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/repair.lua</c>: removes index entries that their entity does not back,
/// unless a concurrent save has backed them by the time it runs.
/// </summary>
internal static class RepairScript
{
    public static readonly RedisScript Script = new("repair.lua");

    /// <summary>Returns how many entries it removed.</summary>
    public static async Task<long> RunAsync(IDatabaseAsync database, IndexSlot slot, RedisKey records, IReadOnlyList<(string Id, RedisValue Member)> candidates, Func<string, RedisKey> entityKey, string model, string operation)
    {
        var keys = new RedisKey[2 + candidates.Count];
        var values = new RedisValue[2 + (2 * candidates.Count)];
        keys[0] = slot.Key;
        keys[1] = records;
        values[0] = slot.Kind;
        values[1] = slot.Name;
        for (int i = 0; i < candidates.Count; i++)
        {
            keys[2 + i] = entityKey(candidates[i].Id);
            values[2 + (2 * i)] = candidates[i].Id;
            values[3 + (2 * i)] = candidates[i].Member;
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, keys, values).ConfigureAwait(false), model, operation);
        return (long)reply[1];
    }
}
