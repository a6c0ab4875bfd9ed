using System.Globalization;

namespace RedisRepo.Scripts;

/// <summary>
/// The constants C# and Lua share: reply status, failure codes, index slot kinds, modes and
/// arities. The Lua files name them as <c>{{NAME}}</c>, and <see cref="LuaSource"/> writes in
/// the values below, so neither side can drift from the other.
/// </summary>
internal static class ScriptProtocol
{
    /// <summary>First element of every script reply: the script ran to its end.</summary>
    public const long StatusOk = 0;

    /// <summary>First element of a reply whose script failed before writing anything; a failure follows.</summary>
    public const long StatusFailed = 1;

    /// <summary>Failure: a key holds another Redis type. Details: key, actual type, expected type.</summary>
    public const string FailWrongType = "t";

    /// <summary>Failure: an entity's record is not a record. Details: records key, key id.</summary>
    public const string FailCorruptRecord = "c";

    /// <summary>Failure: a versioned entity exists without its record. Details: entity key.</summary>
    public const string FailMissingRecord = "m";

    /// <summary>Failure: the stored version is not the expected one. Details: stored version.</summary>
    public const string FailVersionMismatch = "v";

    /// <summary>Failure: a unique value is held by another live entity. Details: index slot name, value, holder id.</summary>
    public const string FailUniqueConflict = "u";

    /// <summary>
    /// write.lua, a chunk of a sequence: the chunk before it has not been applied (details: the
    /// sequence key, the chunks applied, this chunk's number). Nothing was written.
    /// </summary>
    public const string FailOutOfSequence = "q";

    public const string SlotEquality = "e";
    public const string SlotUnique = "u";
    public const string SlotRange = "r";

    /// <summary>A sharded model's unique index: kept in the record only; its claims live in the value's bucket (claim.lua).</summary>
    public const string SlotGlobalUnique = "g";

    public const string ClaimNew = "n";
    public const string ClaimTakeover = "t";
    public const string ClaimTaken = "taken";
    public const string ClaimRenewed = "renewed";
    public const string ClaimHeld = "held";
    public const string ClaimCheck = "check";

    public const string ModeAtomic = "1";
    public const string ModeEach = "0";

    /// <summary>
    /// write.lua: each on its own, as one chunk of a sequence that must apply in order (a
    /// SaveManyAsync of several chunks per bucket). KEYS[1] is the sequence key; ARGV[2] the
    /// chunk's number from 1, ARGV[3] <see cref="SequenceLast"/> for the last chunk.
    /// </summary>
    public const string ModeSequence = "2";

    /// <summary>write.lua, a sequence's chunk: ARGV after the mode (number, last).</summary>
    public const int SequenceHeaderArgs = 2;

    /// <summary>write.lua, a sequence's chunk: ARGV[3] of the last chunk, which deletes the sequence key.</summary>
    public const string SequenceLast = "1";

    /// <summary>
    /// How long a sequence key outlives its latest chunk (ms): a caller that dies between chunks
    /// leaves it behind for this long at most. Chunks are pipelined, so a live sequence never comes near it.
    /// </summary>
    public const long SequenceTimeToLive = 600_000;

    public const string OperationSave = "s";
    public const string OperationDelete = "d";

    /// <summary>write.lua, per operation: kind, key id, payload, ttl, expected version, next version, entry count (the slots follow).</summary>
    public const int OperationHeaderArgs = 7;

    /// <summary>write.lua, per operation: entity, all-ids, records (the index slot keys follow).</summary>
    public const int KeysPerOperation = 3;

    /// <summary>
    /// write.lua: in place of an operation's slot count, "the previous operation's layout": same
    /// all-ids, records and index keys (the same model and bucket), which are then not repeated in KEYS or ARGV.
    /// </summary>
    public const string SameLayout = "=";

    /// <summary>Per index slot: kind, name.</summary>
    public const int ArgsPerSlot = 2;

    /// <summary>Per index entry: slot number, member.</summary>
    public const int ArgsPerEntry = 2;

    /// <summary>reindex.lua, per entity: key id, payload SHA1, version, entry count.</summary>
    public const int ReindexHeaderArgs = 4;

    public const string ReadMembers = "m";
    public const string ReadCount = "c";

    public const string TouchOnly = "t";
    public const string TouchAndGet = "g";

    public const string PurgeExpired = "e";
    public const string PurgeOrphans = "o";

    /// <summary>Every constant by the name the Lua files use, as a Lua literal.</summary>
    public static IReadOnlyDictionary<string, string> LuaConstants { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["STATUS_OK"] = Number(StatusOk),
        ["STATUS_FAILED"] = Number(StatusFailed),
        ["FAIL_WRONG_TYPE"] = Text(FailWrongType),
        ["FAIL_CORRUPT_RECORD"] = Text(FailCorruptRecord),
        ["FAIL_MISSING_RECORD"] = Text(FailMissingRecord),
        ["FAIL_VERSION_MISMATCH"] = Text(FailVersionMismatch),
        ["FAIL_UNIQUE_CONFLICT"] = Text(FailUniqueConflict),
        ["FAIL_OUT_OF_SEQUENCE"] = Text(FailOutOfSequence),
        ["SLOT_EQUALITY"] = Text(SlotEquality),
        ["SLOT_UNIQUE"] = Text(SlotUnique),
        ["SLOT_RANGE"] = Text(SlotRange),
        ["SLOT_GLOBAL_UNIQUE"] = Text(SlotGlobalUnique),
        ["CLAIM_NEW"] = Text(ClaimNew),
        ["CLAIM_TAKEOVER"] = Text(ClaimTakeover),
        ["CLAIM_TAKEN"] = Text(ClaimTaken),
        ["CLAIM_RENEWED"] = Text(ClaimRenewed),
        ["CLAIM_HELD"] = Text(ClaimHeld),
        ["CLAIM_CHECK"] = Text(ClaimCheck),
        ["MODE_ATOMIC"] = Text(ModeAtomic),
        ["MODE_EACH"] = Text(ModeEach),
        ["MODE_SEQUENCE"] = Text(ModeSequence),
        ["SEQUENCE_HEADER_ARGS"] = Number(SequenceHeaderArgs),
        ["SEQUENCE_LAST"] = Text(SequenceLast),
        ["SEQUENCE_TTL_MS"] = Number(SequenceTimeToLive),
        ["OP_SAVE"] = Text(OperationSave),
        ["OP_DELETE"] = Text(OperationDelete),
        ["OPERATION_HEADER_ARGS"] = Number(OperationHeaderArgs),
        ["KEYS_PER_OPERATION"] = Number(KeysPerOperation),
        ["SAME_LAYOUT"] = Text(SameLayout),
        ["ARGS_PER_SLOT"] = Number(ArgsPerSlot),
        ["ARGS_PER_ENTRY"] = Number(ArgsPerEntry),
        ["REINDEX_HEADER_ARGS"] = Number(ReindexHeaderArgs),
        ["READ_MEMBERS"] = Text(ReadMembers),
        ["READ_COUNT"] = Text(ReadCount),
        ["TOUCH_ONLY"] = Text(TouchOnly),
        ["TOUCH_AND_GET"] = Text(TouchAndGet),
        ["PURGE_EXPIRED"] = Text(PurgeExpired),
        ["PURGE_ORPHANS"] = Text(PurgeOrphans),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(string value) => "'" + value + "'";
}
