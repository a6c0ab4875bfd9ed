using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// One validated, encoded save or delete, ready for <c>write.lua</c>: its keys and arguments, plus
/// what is needed to report its failure and to finish it on success.
/// </summary>
internal sealed record WriteOperation
{
    /// <summary>An operation on the entity with key id <paramref name="keyId"/>, in the keys of its <paramref name="bucket"/>.</summary>
    public WriteOperation(Bucket bucket, string model, string operation, string keyId, bool isDelete, UniqueClaimLayout? claimLayout)
    {
        IsDelete = isDelete;
        Model = model;
        Operation = operation;
        EntityKey = bucket.EntityKey(keyId);
        AllIds = bucket.AllIds;
        Records = bucket.Records;
        Slots = bucket.Slots;
        KeyId = keyId;
        ClaimLayout = claimLayout;
    }

    public bool IsDelete { get; init; }

    /// <summary>The model's type name, for error messages.</summary>
    public string Model { get; init; }

    /// <summary>The repository operation that queued it, for error messages.</summary>
    public string Operation { get; init; }

    public RedisKey EntityKey { get; init; }

    public RedisKey AllIds { get; init; }

    public RedisKey Records { get; init; }

    /// <summary>Every index of the model, in declaration order (their keys follow the three above in KEYS).</summary>
    public IndexSlot[] Slots { get; init; }

    public string KeyId { get; init; }

    public RedisValue Payload { get; init; } = RedisValue.EmptyString;

    /// <summary>Time to live in ms: 0 persistent, negative already expired.</summary>
    public long TimeToLive { get; init; }

    /// <summary>The entity's index entries: slot number (1-based) and member.</summary>
    public (int Slot, RedisValue Member)[] Entries { get; init; } = [];

    /// <summary>The expected stored version, or empty when the model has no [Version].</summary>
    public string ExpectedVersion { get; init; } = "";

    /// <summary>The version the save stores.</summary>
    public string NextVersion { get; init; } = "";

    /// <summary>The entity's index entries as the model stated them, to name the property of a unique conflict.</summary>
    public IndexEntries? IndexEntries { get; init; }

    /// <summary>A sharded model's unique values this save claims first (index, value), in the values' own buckets.</summary>
    public (string Index, string Value)[] Claims { get; init; } = [];

    /// <summary>The fencing token of this save's claims (its record lists token:value).</summary>
    public string ClaimToken { get; init; } = "";

    /// <summary>Where the model's unique claims live; null for a model that is not sharded.</summary>
    public UniqueClaimLayout? ClaimLayout { get; init; }

    /// <summary>Runs once the write is acknowledged (sets the entity's new version).</summary>
    public Action? OnApplied { get; init; }

    /// <summary>How many KEYS the operation takes.</summary>
    public int KeyCount => Scripts.ScriptProtocol.KeysPerOperation + Slots.Length;

    /// <summary>How many ARGV entries the operation takes.</summary>
    public int ArgumentCount => Scripts.ScriptProtocol.OperationHeaderArgs + 1 + (Slots.Length * Scripts.ScriptProtocol.ArgsPerSlot) + (Entries.Length * Scripts.ScriptProtocol.ArgsPerEntry);
}
