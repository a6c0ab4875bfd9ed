using MessagePack.Formatters;

namespace RedisRepo.Storage;

/// <summary>
/// What the source generator knows about one model, in the form the runtime needs: its name,
/// key template, expiry policy, how to build an entity's key and how to encode it. Generated
/// repositories hold one instance and pass it to an <see cref="EntityStore{T}"/>.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public abstract class RedisModel<T>
    where T : class
{
    /// <summary>Initializes the model description.</summary>
    /// <param name="name">The model's type name, used in error messages.</param>
    /// <param name="keyTemplate">The key template, e.g. <c>finance:position:&lt;Id&gt;</c>.</param>
    /// <param name="keyPrefix">The template's literal text before its first placeholder.</param>
    /// <param name="metaPrefix">The prefix of the model's index keys; see <see cref="KeyLayout"/>.</param>
    /// <param name="ttl">The expiry policy.</param>
    protected RedisModel(string name, string keyTemplate, string keyPrefix, string metaPrefix, TtlPolicy ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        ArgumentException.ThrowIfNullOrEmpty(metaPrefix);
        Name = name;
        KeyTemplate = keyTemplate;
        KeyPrefix = keyPrefix;
        MetaPrefix = metaPrefix;
        Ttl = ttl;
    }

    /// <summary>The model's type name.</summary>
    public string Name { get; }

    /// <summary>The key template.</summary>
    public string KeyTemplate { get; }

    /// <summary>The literal prefix that every entity key of the model starts with.</summary>
    public string KeyPrefix { get; }

    /// <summary>The prefix of the model's index keys; see <see cref="KeyLayout"/>.</summary>
    public string MetaPrefix { get; }

    /// <summary>The expiry policy.</summary>
    public TtlPolicy Ttl { get; }

    /// <summary>
    /// <c>[RedisKey(Shards = N)]</c>: how many buckets the model is spread over (see
    /// <see cref="KeyLayout"/>); 0 when it is not sharded and every key is exactly its template.
    /// </summary>
    public virtual int Shards => 0;

    /// <summary>The generated MessagePack formatter for the model.</summary>
    public abstract IMessagePackFormatter<T> Formatter { get; }

    /// <summary>
    /// The entity's key id: its key with <see cref="KeyPrefix"/> removed (for a one-part template,
    /// the formatted key property). Throws when a key part is null, empty or malformed.
    /// </summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operation">The repository operation, for error messages.</param>
    public abstract string GetKeyId(T entity, string operation);

    /// <summary>Whether the model has any [Index] or [SortedIndex]: only then are index records kept.</summary>
    public virtual bool HasIndexes => false;

    /// <summary>Adds the entity's index entries (generated for models with [Index] or [SortedIndex]).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="entries">Collects the entries.</param>
    public virtual void WriteIndexEntries(T entity, IndexEntries entries)
    {
    }

    /// <summary>The stored name of the model's <c>[Version]</c> property, or null when it has none.</summary>
    public virtual string? VersionProperty => null;

    /// <summary>The entity's <c>[Version]</c> value (generated for models that have one).</summary>
    /// <param name="entity">The entity.</param>
    public virtual long GetVersion(T entity) => 0;

    /// <summary>Sets the entity's <c>[Version]</c> value (generated for models that have one).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="version">The new version.</param>
    public virtual void SetVersion(T entity, long version)
    {
    }

    /// <summary>
    /// The time this entity should live: the fixed policy, or the entity's own <c>[Ttl]</c>
    /// property. Null means persistent; zero or negative means already expired.
    /// </summary>
    /// <param name="entity">The entity being saved.</param>
    public virtual TimeSpan? GetTimeToLive(T entity) => Ttl.TimeToLive;
}
