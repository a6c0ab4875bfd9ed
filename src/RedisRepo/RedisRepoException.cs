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
/// A stored payload could not be read as the model: it was written by something else, or by a
/// shape of the model that cannot be converted. Names the model, the key and the operation.
/// </summary>
public sealed class RedisRepoSerializationException : RedisRepoException
{
    /// <summary>Creates the exception.</summary>
    public RedisRepoSerializationException(string model, string key, string operation, Exception innerException)
        : base($"{model}.{operation}: the value at key '{key}' is not a readable {model} payload: {innerException.Message}", innerException)
    {
        Model = model;
        Key = key;
        Operation = operation;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The Redis key whose value could not be read.</summary>
    public string Key { get; }

    /// <summary>The repository operation that read it.</summary>
    public string Operation { get; }
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
