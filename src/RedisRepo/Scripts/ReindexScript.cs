using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/reindex.lua</c>: brings records and index entries in line with stored
/// payloads, for each entity whose payload is still the one read (never writing a payload).
/// </summary>
internal static class ReindexScript
{
    public static readonly RedisScript Script = new("reindex.lua");

    /// <summary>One entity to re-index: its key id and key, the SHA1 of the payload read, its version ('' unversioned) and entries.</summary>
    public readonly record struct Entity(string KeyId, RedisKey Key, string PayloadSha1, string Version, (int Slot, RedisValue Member)[] Entries);

    /// <returns>How many were re-indexed, how many had changed meanwhile, each one left as it was with its failure, and the global unique entries (key id, slot name, token:value) of those re-indexed.</returns>
    public static async Task<(long Reindexed, long Changed, List<(string KeyId, ScriptFailure Failure)> Skipped, List<(string KeyId, string Slot, string Member)> Globals)> RunAsync(IDatabaseAsync database, RedisKey allIds, RedisKey records, IndexSlot[] slots, IReadOnlyList<Entity> entities, string model, string operation)
    {
        int valueCount = 1 + (slots.Length * ScriptProtocol.ArgsPerSlot);
        foreach (Entity entity in entities)
        {
            valueCount += ScriptProtocol.ReindexHeaderArgs + (entity.Entries.Length * ScriptProtocol.ArgsPerEntry);
        }

        var keys = new RedisKey[2 + slots.Length + entities.Count];
        var values = new RedisValue[valueCount];
        keys[0] = allIds;
        keys[1] = records;
        int k = 2;
        int a = WriteScript.AddSlots(slots, keys, ref k, values, 0);
        foreach (Entity entity in entities)
        {
            keys[k++] = entity.Key;
            values[a++] = entity.KeyId;
            values[a++] = entity.PayloadSha1;
            values[a++] = entity.Version;
            values[a++] = entity.Entries.Length;
            foreach ((int slot, RedisValue member) in entity.Entries)
            {
                values[a++] = slot;
                values[a++] = member;
            }
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, keys, values).ConfigureAwait(false), model, operation);
        var skipped = new List<(string, ScriptFailure)>();
        int at = 4;
        for (long s = 0; s < (long)reply[3]; s++, at += 5)
        {
            skipped.Add(((string)reply[at]!, ScriptFailure.Read(reply, at + 1)));
        }

        var globals = new List<(string, string, string)>();
        for (; at + 2 < reply.Length; at += 3)
        {
            globals.Add(((string)reply[at]!, (string)reply[at + 1]!, (string)reply[at + 2]!));
        }

        return ((long)reply[1], (long)reply[2], skipped, globals);
    }
}
