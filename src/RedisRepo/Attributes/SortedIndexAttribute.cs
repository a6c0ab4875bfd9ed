namespace RedisRepo;

/// <summary>
/// Maintains a range index on a numeric or time property: the repository gains
/// <c>FindBy{Property}BetweenAsync(min, max, skip, take)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SortedIndexAttribute : Attribute
{
    /// <summary>Overrides the index's name in its Redis keys (defaults to the property name).</summary>
    public string? Name { get; set; }
}
