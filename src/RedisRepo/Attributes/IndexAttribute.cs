namespace RedisRepo;

/// <summary>
/// Maintains an equality index on the property: the repository gains <c>FindBy{Property}Async</c>
/// and <c>CountBy{Property}Async</c>, or <c>GetBy{Property}Async</c> when <see cref="Unique"/>.
/// </summary>
/// <remarks>On a positional record, write it on the parameter (<c>record Trade([Index] string Ticker)</c>) or with <c>[property: …]</c>: both mark the property.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class IndexAttribute : Attribute
{
    /// <summary>When true, at most one entity may hold a given value; a conflicting save throws.</summary>
    public bool Unique { get; set; }

    /// <summary>Overrides the index's name in its Redis keys (defaults to the property name).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// For a string property: values that differ only in case are one value, for lookups and for
    /// <see cref="Unique"/>. Values are indexed upper-cased with the invariant culture
    /// (<c>ToUpperInvariant</c>, the rule of <see cref="StringComparer.OrdinalIgnoreCase"/>); the entity keeps its own spelling.
    /// </summary>
    public bool IgnoreCase { get; set; }
}
