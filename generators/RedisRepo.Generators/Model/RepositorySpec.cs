namespace RedisRepo.Generators.Model
{
    /// <summary>Everything the emitters need to write one model's repository, formatter and model description.</summary>
    /// <param name="Namespace">The model's namespace, or null for the global namespace.</param>
    /// <param name="ModelName">The model's simple name, e.g. <c>Position</c>.</param>
    /// <param name="ModelType">The model's fully qualified name, e.g. <c>global::Finance.Position</c>.</param>
    /// <param name="Accessibility">The generated types' accessibility keyword: <c>public</c> or <c>internal</c>.</param>
    /// <param name="Key">The parsed key template.</param>
    /// <param name="Ttl">The expiry policy.</param>
    /// <param name="Codec">The shapes the MessagePack formatter writes and reads.</param>
    /// <param name="Indexes">The model's indexes, in declaration order.</param>
    /// <param name="VersionProperty">The [Version] property's name, or null.</param>
    /// <param name="Shards">[RedisKey(Shards = N)]: the number of buckets; 0 when the model is not sharded.</param>
    internal sealed record RepositorySpec(
        string? Namespace,
        string ModelName,
        string ModelType,
        string Accessibility,
        KeyTemplateSpec Key,
        TtlSpec Ttl,
        CodecSpec Codec,
        EquatableArray<IndexSpec> Indexes,
        string? VersionProperty,
        int Shards)
    {
        public string RepositoryName => ModelName + "Repository";

        public string InterfaceName => "I" + ModelName + "Repository";

        /// <summary>The fully qualified repository type name.</summary>
        public string RepositoryType => Namespace is null ? "global::" + RepositoryName : "global::" + Namespace + "." + RepositoryName;

        /// <summary>The fully qualified repository interface name.</summary>
        public string InterfaceType => Namespace is null ? "global::" + InterfaceName : "global::" + Namespace + "." + InterfaceName;
    }
}
