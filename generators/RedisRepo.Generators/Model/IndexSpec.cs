namespace RedisRepo.Generators.Model
{
    /// <summary>One [Index], [Index(Unique = true)] or [SortedIndex] on a property.</summary>
    /// <param name="PropertyName">The indexed property.</param>
    /// <param name="Name">The index's name in its keys (the property name unless overridden).</param>
    /// <param name="Kind">Equality, unique or range.</param>
    /// <param name="Value">How the property's value is encoded.</param>
    /// <param name="ValueType">The query parameters' type: the property's type without nullability.</param>
    /// <param name="CanBeNull">Whether the property can hold null (then that entity is not indexed).</param>
    internal sealed record IndexSpec(string PropertyName, string Name, IndexKind Kind, IndexValueKind Value, string ValueType, bool CanBeNull, bool IgnoreCase = false)
    {
        public string ParameterName => Parsing.TypeNames.ParameterName(PropertyName);
    }

    internal enum IndexKind
    {
        Equality,
        Unique,
        Range,
    }

    /// <summary>Which <c>IndexValues</c> overload encodes the value, after which cast.</summary>
    internal enum IndexValueKind
    {
        String,
        Signed,
        Unsigned,
        Floating,
        Decimal,
        Boolean,
        Guid,
        DateTime,
        DateTimeOffset,
        TimeSpan,
        Char,
        SignedEnum,
        UnsignedEnum,
    }
}
