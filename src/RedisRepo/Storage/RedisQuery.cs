using System.ComponentModel;
using RedisRepo.Scripts;

namespace RedisRepo.Storage;

/// <summary>
/// A query over a model's indexes, as generated derived query methods build it: an OR of
/// conjunctions of conditions, optionally ordered by a range index. Values are encoded as
/// <see cref="IndexValues"/> does (equality text, order keys).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RedisQuery
{
    private RedisQuery(IReadOnlyList<IReadOnlyList<QueryCondition>> conjunctions, string? orderBy, bool descending)
    {
        Conjunctions = conjunctions;
        OrderBy = orderBy;
        Descending = descending;
    }

    /// <summary>The conjunctions; an entity matches when it matches every condition of one of them.</summary>
    public IReadOnlyList<IReadOnlyList<QueryCondition>> Conjunctions { get; }

    /// <summary>The range index the results are ordered by, or null (index order of the smallest condition).</summary>
    public string? OrderBy { get; }

    /// <summary>Whether the order is descending.</summary>
    public bool Descending { get; }

    /// <summary>A query of one conjunction.</summary>
    /// <param name="conditions">Conditions that must all hold.</param>
    public static RedisQuery Where(params QueryCondition[] conditions) => new([Check(conditions)], null, false);

    /// <summary>This query, or <paramref name="conditions"/>.</summary>
    /// <param name="conditions">Conditions that must all hold.</param>
    public RedisQuery Or(params QueryCondition[] conditions) =>
        OrderBy is null ? new([.. Conjunctions, Check(conditions)], null, false) : throw new InvalidOperationException("An ordered query has one conjunction.");

    /// <summary>This query, ordered by the range index <paramref name="index"/>.</summary>
    /// <param name="index">The range index.</param>
    /// <param name="descending">Whether the largest values come first.</param>
    public RedisQuery Ordered(string index, bool descending = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(index);
        return Conjunctions.Count == 1 ? new(Conjunctions, index, descending) : throw new InvalidOperationException("An ordered query has one conjunction.");
    }

    /// <summary>Text that tells this query's shape from another's (not its values), for continuation tokens.</summary>
    internal string Shape() =>
        string.Join("|", Conjunctions.Select(c => string.Join("&", c.Select(q => q.Kind + ":" + q.Index)))) + "/" + OrderBy + (Descending ? "-" : "+");

    private static QueryCondition[] Check(QueryCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return conditions.Length > 0 ? conditions : throw new ArgumentException("A conjunction needs at least one condition.", nameof(conditions));
    }
}

/// <summary>One condition of a <see cref="RedisQuery"/> on one index.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QueryCondition
{
    private QueryCondition(string kind, string index, IReadOnlyList<string> values, string? min, bool minInclusive, string? max, bool maxInclusive, int width)
    {
        ArgumentException.ThrowIfNullOrEmpty(index);
        Kind = kind;
        Index = index;
        Values = values;
        Min = min;
        MinInclusive = minInclusive;
        Max = max;
        MaxInclusive = maxInclusive;
        Width = width;
    }

    internal string Kind { get; }

    /// <summary>The index's name.</summary>
    public string Index { get; }

    /// <summary>Equality: the values (one, or several for In), encoded.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Range: the lowest order key, or null for none.</summary>
    public string? Min { get; }

    /// <summary>Range: whether <see cref="Min"/> is included.</summary>
    public bool MinInclusive { get; }

    /// <summary>Range: the highest order key, or null for none.</summary>
    public string? Max { get; }

    /// <summary>Range: whether <see cref="Max"/> is included.</summary>
    public bool MaxInclusive { get; }

    /// <summary>Range: the length of the index's order keys.</summary>
    public int Width { get; }

    /// <summary>The equality index <paramref name="index"/> holds <paramref name="value"/>.</summary>
    public static QueryCondition Equal(string index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ScriptProtocol.SlotEquality, index, [value], null, false, null, false, 0);
    }

    /// <summary>The equality index <paramref name="index"/> holds one of <paramref name="values"/> (none: nothing matches).</summary>
    public static QueryCondition In(string index, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(ScriptProtocol.SlotEquality, index, values.Distinct(StringComparer.Ordinal).ToArray(), null, false, null, false, 0);
    }

    /// <summary>The range index <paramref name="index"/> lies within the bounds (null: unbounded on that side).</summary>
    /// <param name="index">The range index.</param>
    /// <param name="min">The lowest order key, or null.</param>
    /// <param name="minInclusive">Whether <paramref name="min"/> is included.</param>
    /// <param name="max">The highest order key, or null.</param>
    /// <param name="maxInclusive">Whether <paramref name="max"/> is included.</param>
    /// <param name="width">The length of the index's order keys (every order key of one index has it).</param>
    public static QueryCondition Range(string index, string? min, bool minInclusive, string? max, bool maxInclusive, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((min is not null && min.Length != width) || (max is not null && max.Length != width))
        {
            throw new ArgumentException($"Order keys of index '{index}' are {width} characters long.", min is not null && min.Length != width ? nameof(min) : nameof(max));
        }

        return new(ScriptProtocol.SlotRange, index, [], min, minInclusive, max, maxInclusive, width);
    }

    /// <summary>Whether an entity's encoded value of this index satisfies the condition.</summary>
    internal bool Accepts(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (Kind == ScriptProtocol.SlotEquality)
        {
            return Values.Contains(value, StringComparer.Ordinal);
        }

        int low = Min is null ? 1 : string.CompareOrdinal(value, Min);
        int high = Max is null ? -1 : string.CompareOrdinal(value, Max);
        return (low > 0 || (low == 0 && MinInclusive)) && (high < 0 || (high == 0 && MaxInclusive));
    }
}
