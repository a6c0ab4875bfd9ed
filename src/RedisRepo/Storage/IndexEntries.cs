using System.Buffers;
using System.ComponentModel;
using System.Text.Json;

namespace RedisRepo.Storage;

/// <summary>
/// The index entries of one entity, as its model's generated <c>WriteIndexEntries</c> states
/// them. A null value adds no entry (the entity is simply not in that index). The store turns
/// them into index keys and the per-entity record that lets one script move the entity between
/// index keys on update and remove it everywhere on delete.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public sealed class IndexEntries
{
    internal List<string> EqualityKeys { get; } = [];

    internal List<(string Key, string Value, string Property)> UniqueValues { get; } = [];

    internal List<(string Key, string OrderKey)> RangeKeys { get; } = [];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    private readonly char _onlyKind;
    private readonly string? _onlyIndex;

    /// <summary>Collects every entry.</summary>
    public IndexEntries()
    {
    }

    /// <summary>Collects only the entries of one index (a reader re-checking an entity needs no others).</summary>
    /// <param name="kind">'e' equality, 'u' unique, 'r' range.</param>
    /// <param name="index">The index name.</param>
    internal IndexEntries(char kind, string index)
    {
        _onlyKind = kind;
        _onlyIndex = index;
    }

    /// <summary>Whether the entries of the equality index <paramref name="index"/> are wanted (skip computing its value otherwise).</summary>
    public bool WantsEquality(string index) => Wants('e', index);

    /// <summary>Whether the claim of the unique index <paramref name="index"/> is wanted.</summary>
    public bool WantsUnique(string index) => Wants('u', index);

    /// <summary>Whether the entry of the range index <paramref name="index"/> is wanted.</summary>
    public bool WantsRange(string index) => Wants('r', index);

    /// <summary>Whether the entity has any index entry.</summary>
    public bool IsEmpty => EqualityKeys.Count == 0 && UniqueValues.Count == 0 && RangeKeys.Count == 0;

    /// <summary>Adds the entity to the equality index <paramref name="index"/> under <paramref name="value"/>.</summary>
    public void Equality(string index, string? value)
    {
        if (value is not null)
        {
            EqualityKeys.Add(IndexKeys.Equality(index, value));
        }
    }

    /// <summary>Claims <paramref name="value"/> in the unique index <paramref name="index"/>.</summary>
    /// <param name="index">The index name.</param>
    /// <param name="value">The encoded value, or null for no claim.</param>
    /// <param name="property">The indexed property, named by a conflict's exception (the index name when omitted).</param>
    public void Unique(string index, string? value, string? property = null)
    {
        if (value is not null)
        {
            UniqueValues.Add((IndexKeys.Unique(index), value, property ?? index));
        }
    }

    /// <summary>The property behind the unique index key <paramref name="key"/>, for error messages.</summary>
    internal string PropertyOfUnique(string key)
    {
        foreach ((string claimKey, _, string property) in UniqueValues)
        {
            if (claimKey == key)
            {
                return property;
            }
        }

        return IndexKeys.UniqueIndexName(key);
    }

    /// <summary>Places the entity in the range index <paramref name="index"/> at <paramref name="orderKey"/>.</summary>
    public void Range(string index, string? orderKey)
    {
        if (orderKey is not null)
        {
            RangeKeys.Add((IndexKeys.Range(index), orderKey));
        }
    }

    private bool Wants(char kind, string index) => _onlyIndex is null || (_onlyKind == kind && _onlyIndex == index);

    /// <summary>Whether these entries place the entity in the equality index key <paramref name="key"/>.</summary>
    internal bool HasEquality(string key) => EqualityKeys.Contains(key);

    internal bool HasUnique(string key, string value) => UniqueValues.Exists(claim => claim.Key == key && claim.Value == value);

    internal bool HasRange(string key, string orderKey) => RangeKeys.Contains((key, orderKey));

    /// <summary>
    /// The record the save script keeps per entity: <c>{"e":[keys],"u":[[key,value]],"r":[[key,member]]}</c>,
    /// with index keys relative to the model's meta prefix and range members as order key + id.
    /// </summary>
    internal byte[] ToRecord(string id)
    {
        // One buffer and writer per thread: a record is written on every save of an indexed model.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        Utf8JsonWriter json = t_json ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteStartArray("e");
        foreach (string key in EqualityKeys)
        {
            json.WriteStringValue(key);
        }

        json.WriteEndArray();
        json.WriteStartArray("u");
        foreach ((string key, string value, _) in UniqueValues)
        {
            json.WriteStartArray();
            json.WriteStringValue(key);
            json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("r");
        foreach ((string key, string orderKey) in RangeKeys)
        {
            json.WriteStartArray();
            json.WriteStringValue(key);
            json.WriteStringValue(orderKey + id);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        byte[] record = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null; // do not keep one huge record's buffer alive per thread
            t_json = null;
        }

        return record;
    }
}
