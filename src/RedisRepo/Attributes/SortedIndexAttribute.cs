namespace RedisRepo;

/// <summary>
/// Maintains a range index on a numeric or time property: the repository gains
/// <c>FindBy{Property}BetweenAsync(min, max, skip, take)</c>.
/// </summary>
/// <remarks>On a positional record, write it on the parameter (<c>record Trade([Index] string Ticker)</c>) or with <c>[property: …]</c>: both mark the property.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SortedIndexAttribute : Attribute
{
    /// <summary>Overrides the index's name in its Redis keys (defaults to the property name).</summary>
    public string? Name { get; set; }
}
