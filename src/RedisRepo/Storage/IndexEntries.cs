using System.ComponentModel;
using RedisRepo.Scripts;

namespace RedisRepo.Storage;

/// <summary>
/// The index entries of one entity, as its model's generated <c>WriteIndexEntries</c> states
/// them. A null value adds no entry (the entity is simply not in that index). Values must be
/// well-formed UTF-16: Redis stores UTF-8, where a lone surrogate would become U+FFFD and two
/// different values one.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IndexEntries
{
    private readonly string? _onlyKind;
    private readonly string? _onlyIndex;
    private readonly List<(string Kind, string Index)>? _declared;

    /// <summary>Collects every entry.</summary>
    public IndexEntries()
        : this(0)
    {
    }

    /// <summary>Collects every entry of a model with <paramref name="capacity"/> indexes (a save: one list of the right size).</summary>
    internal IndexEntries(int capacity) => Items = new List<Entry>(capacity);

    /// <summary>Collects only the entries of one index (a reader re-checking an entity needs no others).</summary>
    internal IndexEntries(string kind, string index)
    {
        _onlyKind = kind;
        _onlyIndex = index;
        Items = new List<Entry>(1);
    }

    private IndexEntries(List<(string Kind, string Index)> declared)
    {
        _declared = declared;
        Items = [];
    }

    internal List<Entry> Items { get; }

    /// <summary>Whether the entity has any index entry.</summary>
    public bool IsEmpty => Items.Count == 0;

    /// <summary>
    /// The indexes a model declares, in order: generated <c>WriteIndexEntries</c> asks
    /// <c>Wants…</c> of every index before it reads the entity, and this collector answers no to
    /// each, so no entity is needed.
    /// </summary>
    internal static List<(string Kind, string Index)> Declared<T>(RedisModel<T> model)
        where T : class
    {
        var declared = new List<(string Kind, string Index)>();
        model.WriteIndexEntries(null!, new IndexEntries(declared));
        return declared;
    }

    /// <summary>Whether the entries of the equality index <paramref name="index"/> are wanted (skip computing its value otherwise).</summary>
    public bool WantsEquality(string index) => Wants(ScriptProtocol.SlotEquality, index);

    /// <summary>Whether the claim of the unique index <paramref name="index"/> is wanted.</summary>
    public bool WantsUnique(string index) => Wants(ScriptProtocol.SlotUnique, index);

    /// <summary>Whether the entry of the range index <paramref name="index"/> is wanted.</summary>
    public bool WantsRange(string index) => Wants(ScriptProtocol.SlotRange, index);

    /// <summary>Adds the entity to the equality index <paramref name="index"/> under <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-16.</exception>
    public void Equality(string index, string? value) => Add(ScriptProtocol.SlotEquality, index, value, null);

    /// <summary>Claims <paramref name="value"/> in the unique index <paramref name="index"/>.</summary>
    /// <param name="index">The index name.</param>
    /// <param name="value">The encoded value, or null for no claim.</param>
    /// <param name="property">The indexed property, named by a conflict's exception (the index name when omitted).</param>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-16.</exception>
    public void Unique(string index, string? value, string? property = null) => Add(ScriptProtocol.SlotUnique, index, value, property);

    /// <summary>Places the entity in the range index <paramref name="index"/> at <paramref name="orderKey"/>.</summary>
    public void Range(string index, string? orderKey) => Add(ScriptProtocol.SlotRange, index, orderKey, null);

    /// <summary>Forgets the entries collected, so one collector re-checks entity after entity (a bulk read).</summary>
    internal void Clear() => Items.Clear();

    /// <summary>The value of this entity's entry in one index, or null when it has none.</summary>
    internal string? ValueOf(string kind, string index)
    {
        foreach (Entry entry in Items)
        {
            if (entry.Kind == kind && entry.Index == index)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The property behind the unique index <paramref name="index"/>, for error messages.</summary>
    internal string PropertyOfUnique(string index)
    {
        foreach (Entry entry in Items)
        {
            if (entry.Kind == ScriptProtocol.SlotUnique && entry.Index == index)
            {
                return entry.Property ?? index;
            }
        }

        return index;
    }

    private bool Wants(string kind, string index)
    {
        if (_declared is not null)
        {
            _declared.Add((kind, index));
            return false;
        }

        return _onlyIndex is null || (_onlyKind == kind && _onlyIndex == index);
    }

    private void Add(string kind, string index, string? value, string? property)
    {
        if (value is null)
        {
            return;
        }

        WellFormedText.CheckIndexValue(value, index);
        Items.Add(new Entry(kind, index, value, property));
    }

    /// <summary>One entry: the index's kind and name, the encoded value (order key for ranges) and, for unique indexes, the property.</summary>
    internal readonly record struct Entry(string Kind, string Index, string Value, string? Property);
}
