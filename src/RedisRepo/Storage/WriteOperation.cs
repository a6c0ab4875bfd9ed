using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// One validated, encoded save or delete, ready to send: what the <c>save</c> and <c>batch</c>
/// scripts need, plus what is needed to report its failure and to finish it on success.
/// </summary>
internal sealed record WriteOperation
{
    public required bool IsDelete { get; init; }

    /// <summary>The model's type name, for error messages.</summary>
    public required string Model { get; init; }

    /// <summary>The repository operation that queued it, for error messages.</summary>
    public required string Operation { get; init; }

    public required RedisKey EntityKey { get; init; }

    public required RedisKey AllIds { get; init; }

    public required RedisKey Records { get; init; }

    public required string MetaPrefix { get; init; }

    public required string EntityPrefix { get; init; }

    public required string KeyId { get; init; }

    public RedisValue Payload { get; init; } = RedisValue.EmptyString;

    /// <summary>Time to live in ms: 0 persistent, negative already expired.</summary>
    public long TimeToLive { get; init; }

    /// <summary>The index record, or empty when the entity has none.</summary>
    public RedisValue Record { get; init; } = RedisValue.EmptyString;

    /// <summary>The [Version] property's stored name, or empty.</summary>
    public string VersionProperty { get; init; } = "";

    public long ExpectedVersion { get; init; }

    /// <summary>The entity's index entries, to name the property of a unique conflict.</summary>
    public IndexEntries? Entries { get; init; }

    /// <summary>Runs once the write is acknowledged (sets the entity's new version).</summary>
    public Action? OnApplied { get; init; }

    /// <summary>The exception for a failure the script reported: 'u' unique conflict, 'v' version mismatch.</summary>
    public RedisRepoException Failure(string kind, string first, string second, string third)
    {
        if (kind == "v")
        {
            return new RedisRepoConcurrencyException(Model, EntityKey.ToString(), ExpectedVersion, long.Parse(first, System.Globalization.CultureInfo.InvariantCulture), Operation);
        }

        string index = IndexKeys.UniqueIndexName(first);
        string property = Entries?.PropertyOfUnique(first) ?? index;
        return new RedisRepoUniqueConstraintException(Model, property, index, second, third, Operation);
    }
}
