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
