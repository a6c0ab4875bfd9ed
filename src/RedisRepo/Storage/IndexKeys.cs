namespace RedisRepo.Storage;

/// <summary>
/// Names of a model's index keys, relative to its meta prefix (see <see cref="KeyLayout"/>):
/// <c>ids</c> (all ids), <c>rec</c> (per-entity records), <c>idx:{index}:{value}</c> (equality),
/// <c>uq:{index}</c> (unique), <c>rg:{index}</c> (range) and <c>lock:{id}</c> (cache-aside locks).
/// </summary>
internal static class IndexKeys
{
    public const string Records = "rec";

    /// <summary>The prefixes of the per-index key families; each is followed by the index name.</summary>
    public static readonly string[] Families = ["idx:", "uq:", "rg:"];

    public static string Equality(string index, string value) => "idx:" + index + ":" + value;

    public static string Unique(string index) => "uq:" + index;

    /// <summary>The index name in a unique index key (<c>uq:{index}</c>).</summary>
    public static string UniqueIndexName(string key) => key["uq:".Length..];

    public static string Range(string index) => "rg:" + index;

    /// <summary>The cache-aside lock of one entity, held while one process runs the factory.</summary>
    public static string Lock(string keyId) => "lock:" + keyId;
}
