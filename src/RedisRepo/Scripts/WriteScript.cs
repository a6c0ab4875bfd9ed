using System.Globalization;
using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/write.lua</c>: saves and deletes, one or many, all or nothing or each
/// on its own. Builds its KEYS and ARGV and reads its reply; see the script's header for the layout.
/// </summary>
internal static class WriteScript
{
    public static readonly RedisScript Script = new("write.lua");

    /// <summary>
    /// The KEYS and ARGV for <paramref name="count"/> operations from <paramref name="start"/>; as
    /// chunk <paramref name="step"/> of a sequence when given (each on its own).
    /// </summary>
    public static (RedisKey[] Keys, RedisValue[] Values) Build(ReadOnlySpan<WriteOperation> operations, int start, int count, bool atomic, SequenceStep? step = null) =>
        Build(operations, start, count, atomic, step, rent: false);

    /// <summary>
    /// The KEYS and ARGV of one operation on its own, in arrays from <see cref="ArgumentArrays"/>:
    /// give them back to <see cref="ArgumentArrays.Shared"/> once the call is answered.
    /// </summary>
    public static (RedisKey[] Keys, RedisValue[] Values) BuildOne(WriteOperation operation) =>
        Build([operation], 0, 1, atomic: false, step: null, rent: true);

    private static (RedisKey[] Keys, RedisValue[] Values) Build(ReadOnlySpan<WriteOperation> operations, int start, int count, bool atomic, SequenceStep? step, bool rent)
    {
        int keyCount = step is null ? 0 : 1, valueCount = step is null ? 1 : 1 + ScriptProtocol.SequenceHeaderArgs;
        for (int i = start; i < start + count; i++)
        {
            WriteOperation op = operations[i];
            bool same = i > start && SameLayout(operations[i - 1], op);
            keyCount += same ? 1 : op.KeyCount;
            valueCount += same ? op.ArgumentCount - (op.Slots.Length * ScriptProtocol.ArgsPerSlot) : op.ArgumentCount;
        }

        RedisKey[] keys = rent ? ArgumentArrays.Shared.RentKeys(keyCount) : new RedisKey[keyCount];
        RedisValue[] values = rent ? ArgumentArrays.Shared.RentValues(valueCount) : new RedisValue[valueCount];
        int k = 0, a = 1;
        if (step is { } chunk)
        {
            keys[k++] = chunk.Key;
            values[0] = ScriptProtocol.ModeSequence;
            values[a++] = chunk.Number;
            values[a++] = chunk.Last ? ScriptProtocol.SequenceLast : "0";
        }
        else
        {
            values[0] = atomic ? ScriptProtocol.ModeAtomic : ScriptProtocol.ModeEach;
        }

        for (int i = start; i < start + count; i++)
        {
            WriteOperation op = operations[i];
            keys[k++] = op.EntityKey;
            values[a++] = op.IsDelete ? ScriptProtocol.OperationDelete : ScriptProtocol.OperationSave;
            values[a++] = op.KeyId;
            values[a++] = op.Payload;
            values[a++] = op.TimeToLive;
            values[a++] = op.ExpectedVersion;
            values[a++] = op.NextVersion;
            values[a++] = op.Entries.Length;
            if (i > start && SameLayout(operations[i - 1], op))
            {
                values[a++] = ScriptProtocol.SameLayout; // a chunk of one model's bucket sends its shared keys once
            }
            else
            {
                keys[k++] = op.AllIds;
                keys[k++] = op.Records;
                a = AddSlots(op.Slots, keys, ref k, values, a);
            }

            foreach ((int slot, RedisValue member) in op.Entries)
            {
                values[a++] = slot;
                values[a++] = member;
            }
        }

        return (keys, values);
    }

    /// <summary>Whether two operations write the same model's bucket: the same all-ids, records and index keys.</summary>
    private static bool SameLayout(WriteOperation previous, WriteOperation next) =>
        ReferenceEquals(previous.Slots, next.Slots) && previous.AllIds == next.AllIds && previous.Records == next.Records;

    public static int AddSlots(IndexSlot[] slots, RedisKey[] keys, ref int k, RedisValue[] values, int a)
    {
        values[a++] = slots.Length;
        foreach (IndexSlot slot in slots)
        {
            keys[k++] = slot.Key;
            values[a++] = slot.Kind;
            values[a++] = slot.Name;
        }

        return a;
    }

    /// <summary>
    /// The reply: how many deleted entities existed, each failed operation (0-based within the call)
    /// with its failure, and each global unique entry (slot name, member) an applied operation dropped.
    /// </summary>
    public static (long Deleted, IReadOnlyList<(int Operation, ScriptFailure Failure)> Failures, IReadOnlyList<(int Operation, string Slot, string Member)> Dropped) ParseReply(RedisResult result)
    {
        if (result.Resp2Type == ResultType.Integer)
        {
            return ((long)result, [], []); // nothing failed, nothing dropped: the script answers the deleted count alone
        }

        var reply = (RedisResult[])result!;
        // Lists only when the reply has entries.
        List<(int, ScriptFailure)>? failures = null;
        int at = 3;
        for (long f = 0; f < (long)reply[2]; f++, at += 5)
        {
            (failures ??= []).Add(((int)reply[at] - 1, ScriptFailure.Read(reply, at + 1)));
        }

        List<(int, string, string)>? dropped = null;
        for (; at + 2 < reply.Length; at += 3)
        {
            (dropped ??= []).Add(((int)reply[at] - 1, (string)reply[at + 1]!, (string)reply[at + 2]!));
        }

        return ((long)reply[1], failures ?? (IReadOnlyList<(int, ScriptFailure)>)[], dropped ?? (IReadOnlyList<(int, string, string)>)[]);
    }

    /// <summary>Whether the reply is a sequence's chunk refused because the chunk before it was not applied (nothing was written).</summary>
    public static bool IsOutOfSequence(RedisResult result, out ScriptFailure failure)
    {
        var reply = (RedisResult[])result!;
        failure = (long)reply[0] == ScriptProtocol.StatusFailed ? ScriptFailure.Read(reply, 1) : default;
        return failure.Code == ScriptProtocol.FailOutOfSequence;
    }

    /// <summary>The exception for one operation's failure.</summary>
    public static RedisRepoException ToException(WriteOperation op, ScriptFailure failure)
    {
        switch (failure.Code)
        {
            case ScriptProtocol.FailVersionMismatch:
                return new RedisRepoConcurrencyException(op.Model, op.EntityKey.ToString(), long.Parse(op.ExpectedVersion, CultureInfo.InvariantCulture), long.Parse(failure.First, CultureInfo.InvariantCulture), op.Operation);
            case ScriptProtocol.FailUniqueConflict:
                IndexSlot slot = op.Slots.First(s => s.Name == failure.First || s.Index == failure.First);
                string property = op.IndexEntries?.PropertyOfUnique(slot.Index) ?? slot.Index;
                return new RedisRepoUniqueConstraintException(op.Model, property, slot.Index, failure.Second, failure.Third, op.Operation);
            default:
                return failure.ToDataException(op.Model, op.Operation);
        }
    }
}
