namespace RedisRepo;

/// <summary>Base class of the exceptions RedisRepo throws for problems it detects itself.</summary>
public class RedisRepoException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisRepoException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Data at a key is not this model's: a payload that is not a readable map of the model, one
/// whose key parts name another key (copied from elsewhere), a key holding another Redis type,
/// or a corrupt index record. Names the model, the key and the operation; nothing foreign is
/// ever returned as the entity asked for.
/// <para>
/// A bulk read (GetManyAsync, GetAllAsync, ScanAsync, FindBy…, ranges) that meets several such
/// keys throws one exception naming all of them: <see cref="Keys"/> and <see cref="Failures"/>;
/// <see cref="Readable"/> holds the entities it could read, in order, so a caller can go on
/// without them (see docs/guarantees.md).
/// </para>
/// </summary>
public sealed class RedisRepoSerializationException : RedisRepoException
{
    /// <summary>Creates the exception for a payload that could not be decoded.</summary>
    public RedisRepoSerializationException(string model, string key, string operation, Exception innerException)
        : this(model, key, operation, $"it is not a readable {model} payload: {innerException.Message}", innerException)
    {
    }

    /// <summary>Creates the exception for one key.</summary>
    /// <param name="model">The model's type name.</param>
    /// <param name="key">The Redis key whose value is not the model's.</param>
    /// <param name="operation">The repository operation that read it.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The decoder's exception, if any.</param>
    public RedisRepoSerializationException(string model, string key, string operation, string reason, Exception? innerException = null)
        : base($"{model}.{operation}: the value at key '{key}' is not a {model} stored there: {reason}", innerException)
    {
        Model = model;
        Key = key;
        Operation = operation;
        Reason = reason;
        Keys = [key];
        Failures = [this];
        Readable = [];
    }

    /// <summary>Creates the exception of a bulk read that met several unreadable keys.</summary>
    /// <param name="model">The model's type name.</param>
    /// <param name="operation">The repository operation.</param>
    /// <param name="failures">One exception per unreadable key, in read order.</param>
    /// <param name="readable">The entities that were read, in order.</param>
    public RedisRepoSerializationException(string model, string operation, IReadOnlyList<RedisRepoSerializationException> failures, IReadOnlyList<object> readable)
        : base(BulkMessage(model, operation, failures, readable.Count), failures[0])
    {
        Model = model;
        Key = failures[0].Key;
        Operation = operation;
        Reason = failures[0].Reason;
        Keys = failures.Select(f => f.Key).ToArray();
        Failures = failures;
        Readable = readable;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The (first) Redis key whose value could not be read.</summary>
    public string Key { get; }

    /// <summary>The repository operation that read it.</summary>
    public string Operation { get; }

    /// <summary>What is wrong with the (first) key's value.</summary>
    public string Reason { get; }

    /// <summary>Every unreadable key the operation met, in read order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>One exception per unreadable key, in read order.</summary>
    public IReadOnlyList<RedisRepoSerializationException> Failures { get; }

    /// <summary>The entities a bulk read did read (cast them to the model), in order; empty for a single read.</summary>
    public IReadOnlyList<object> Readable { get; }

    private static string BulkMessage(string model, string operation, IReadOnlyList<RedisRepoSerializationException> failures, int readable)
    {
        const int Named = 10;
        string keys = string.Join("; ", failures.Take(Named).Select(f => $"'{f.Key}': {f.Reason}"));
        string more = failures.Count > Named ? $"; and {failures.Count - Named} more (see Keys)" : "";
        return $"{model}.{operation}: {failures.Count} stored value(s) are not {model} entities stored there, so the result is incomplete ({readable} entities were read, see Readable): {keys}{more}";
    }
}

/// <summary>
/// A save would give a unique index value to a second entity. Nothing was written: the entity,
/// its other indexes and the holder are as they were.
/// </summary>
public sealed class RedisRepoUniqueConstraintException : RedisRepoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="model">The model's type name.</param>
    /// <param name="property">The indexed property.</param>
    /// <param name="index">The unique index's name (the property's unless overridden).</param>
    /// <param name="value">The contested value, as the index stores it.</param>
    /// <param name="holderId">The key id of the entity that holds the value.</param>
    /// <param name="operation">The repository operation that was refused.</param>
    public RedisRepoUniqueConstraintException(string model, string property, string index, string value, string holderId, string operation)
        : base($"{model}.{operation}: {property} '{value}' is already held by the {model} with key id '{holderId}' (unique index '{index}'); nothing was written.")
    {
        Model = model;
        Property = property;
        Index = index;
        Value = value;
        HolderId = holderId;
        Operation = operation;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The indexed property.</summary>
    public string Property { get; }

    /// <summary>The unique index (the property's name unless overridden).</summary>
    public string Index { get; }

    /// <summary>The contested value, as the index stores it.</summary>
    public string Value { get; }

    /// <summary>The key id of the entity that holds the value.</summary>
    public string HolderId { get; }

    /// <summary>The repository operation that was refused.</summary>
    public string Operation { get; }
}

/// <summary>
/// A save of a model with a <c>[Version]</c> property found another version stored than the one
/// the entity was read with: someone else saved it meanwhile. Nothing was written.
/// </summary>
public sealed class RedisRepoConcurrencyException : RedisRepoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="model">The model's type name.</param>
    /// <param name="key">The entity's Redis key.</param>
    /// <param name="expectedVersion">The version the entity carried (what the writer read).</param>
    /// <param name="storedVersion">The version stored (0 when the entity does not exist).</param>
    /// <param name="operation">The repository operation that was refused.</param>
    public RedisRepoConcurrencyException(string model, string key, long expectedVersion, long storedVersion, string operation)
        : base($"{model}.{operation}: '{key}' is at version {storedVersion}, not {expectedVersion}: it changed since it was read. Nothing was written; read it again and retry.")
    {
        Model = model;
        Key = key;
        ExpectedVersion = expectedVersion;
        StoredVersion = storedVersion;
        Operation = operation;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The entity's Redis key.</summary>
    public string Key { get; }

    /// <summary>The version the saved entity carried.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found stored (0 when the entity does not exist).</summary>
    public long StoredVersion { get; }

    /// <summary>The repository operation that was refused.</summary>
    public string Operation { get; }
}

/// <summary>
/// Some operations of a batch that applies each operation on its own (SaveManyAsync,
/// DeleteManyAsync, a non-atomic <see cref="RedisBatch"/>) failed. The failed ones wrote
/// nothing; every other operation was applied. <see cref="Failures"/> says which and why.
/// </summary>
public sealed class RedisRepoBatchException : RedisRepoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The batch operation, e.g. <c>Position.SaveManyAsync</c>.</param>
    /// <param name="failures">Each failed operation's exception, in batch order.</param>
    /// <param name="total">How many operations the batch held.</param>
    public RedisRepoBatchException(string operation, IReadOnlyList<RedisRepoException> failures, int total)
        : base($"{operation}: {failures.Count} of {total} operations failed and wrote nothing; the other {total - failures.Count} were applied. First failure: {failures[0].Message}", failures[0])
    {
        Operation = operation;
        Failures = failures;
        Total = total;
    }

    /// <summary>The batch operation.</summary>
    public string Operation { get; }

    /// <summary>Each failed operation's exception (unique conflict, version mismatch, foreign or corrupt data), in batch order.</summary>
    public IReadOnlyList<RedisRepoException> Failures { get; }

    /// <summary>How many operations the batch held.</summary>
    public int Total { get; }
}
