using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/repair.lua</c>: removes index entries that their entity does not back,
/// unless a concurrent save has backed them by the time it runs. Entries of entities that have
/// expired are removed too and counted apart (<see cref="Removed.Expired"/>).
/// </summary>
internal static class RepairScript
{
    public static readonly RedisScript Script = new("repair.lua");

    /// <summary>What one call removed: entries nothing backed (something wrote around RedisRepo, evicted keys or crashed), and entries of expired entities.</summary>
    public readonly record struct Removed(long Repaired, long Expired);

    public static async Task<Removed> RunAsync(IDatabaseAsync database, IndexSlot slot, RedisKey records, RedisKey allIds, IReadOnlyList<(string Id, RedisValue Member)> candidates, Func<string, RedisKey> entityKey, string model, string operation)
    {
        var keys = new RedisKey[3 + candidates.Count];
        var values = new RedisValue[2 + (2 * candidates.Count)];
        keys[0] = slot.Key;
        keys[1] = records;
        keys[2] = allIds;
        values[0] = slot.Kind;
        values[1] = slot.Name;
        for (int i = 0; i < candidates.Count; i++)
        {
            keys[3 + i] = entityKey(candidates[i].Id);
            values[2 + (2 * i)] = candidates[i].Id;
            values[3 + (2 * i)] = candidates[i].Member;
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, keys, values).ConfigureAwait(false), model, operation);
        return new Removed((long)reply[1], (long)reply[2]);
    }
}
