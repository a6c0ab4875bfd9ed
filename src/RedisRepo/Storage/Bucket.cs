using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// The keys of one bucket of a model: the entity prefix, the meta prefix, "all ids", the records
/// hash and the index keys. A model that is not sharded has one bucket whose keys are exactly
/// the template's; bucket b of a sharded model puts <c>{tag}:</c> after both prefixes, so all of
/// its keys hash to one slot.
/// </summary>
internal sealed class Bucket
{
    /// <param name="number">The bucket's number (0 for a model that is not sharded).</param>
    /// <param name="entityPrefix">The prefix of its entity keys.</param>
    /// <param name="metaPrefix">The prefix of its other keys.</param>
    /// <param name="declared">The model's indexes.</param>
    /// <param name="globalUniques">Whether unique indexes claim their values in the values' own buckets (a sharded model).</param>
    public Bucket(int number, string entityPrefix, string metaPrefix, IReadOnlyList<(string Kind, string Index)> declared, bool globalUniques)
    {
        Number = number;
        EntityPrefix = entityPrefix;
        MetaPrefix = metaPrefix;
        AllIds = metaPrefix + KeyLayout.AllIdsSuffix;
        Records = metaPrefix + IndexKeys.Records;
        Slots = declared
            .Select(d => (d.Kind, d.Index, Name: IndexKeys.SlotName(d.Kind, d.Index)))
            .Select(d => new IndexSlot(globalUniques && d.Kind == Scripts.ScriptProtocol.SlotUnique ? Scripts.ScriptProtocol.SlotGlobalUnique : d.Kind, d.Index, d.Name, metaPrefix + d.Name))
            .ToArray();
    }

    public int Number { get; }

    public string EntityPrefix { get; }

    public string MetaPrefix { get; }

    public RedisKey AllIds { get; }

    public RedisKey Records { get; }

    /// <summary>The model's indexes, in declaration order, with this bucket's keys.</summary>
    public IndexSlot[] Slots { get; }

    public RedisKey EntityKey(string keyId) => EntityPrefix + keyId;
}
