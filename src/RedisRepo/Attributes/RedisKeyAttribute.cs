namespace RedisRepo;

/// <summary>
/// Marks a class or record as a Redis model and says where each entity lives. The source
/// generator emits <c>I{Model}Repository</c> and <c>{Model}Repository</c> for it.
/// </summary>
/// <remarks>
/// The template is literal text with placeholders that name properties, for example
/// <c>"finance:position:&lt;Id&gt;"</c> or <c>"auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;"</c>.
/// It must start with a literal prefix, which every key of the model (and every index key)
/// shares, so one Redis ACL pattern covers the model. A key part that is followed by literal
/// text may not contain that text's first character (so keys parse back unambiguously).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RedisKeyAttribute : Attribute
{
    /// <summary>Declares the model's key template.</summary>
    /// <param name="template">The key template, e.g. <c>"finance:position:&lt;Id&gt;"</c>.</param>
    public RedisKeyAttribute(string template) => Template = template;

    /// <summary>The key template, e.g. <c>"finance:position:&lt;Id&gt;"</c>.</summary>
    public string Template { get; }

    /// <summary>
    /// Spreads the model over this many buckets, for Redis Cluster (0, the default: not sharded,
    /// every key is exactly the template). Every key of one bucket (entities, "all ids", indexes,
    /// records, locks) carries the bucket's hash tag, so every write is one single-slot atomic
    /// script, and the buckets' tags sit on evenly spaced slots. An entity's bucket is
    /// CRC16(its key id) mod <see cref="Shards"/>; see docs/cluster.md. <c>Shards = 1</c> pins the
    /// model to one slot.
    /// </summary>
    public int Shards { get; set; }
}
