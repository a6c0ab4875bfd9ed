using System.Text;
using RedisRepo.Scripts;

namespace RedisRepo.Storage;

/// <summary>
/// Names of a model's index keys, relative to its meta prefix (see <see cref="KeyLayout"/>), and
/// the members they hold. A model has a fixed set of keys, known before any script runs, so
/// every key a script touches is declared in its KEYS:
/// <list type="bullet">
/// <item><description><c>ids</c>: every id, scored by its entity's expiry in Unix ms (+inf when persistent);</description></item>
/// <item><description><c>rec</c>: per entity, its record (version and index entries);</description></item>
/// <item><description><c>eq:{index}</c>: an equality index, members <see cref="EqualityMember"/> at score 0;</description></item>
/// <item><description><c>uq:{index}</c>: a unique index, a hash of value to id;</description></item>
/// <item><description><c>rg:{index}</c>: a range index, members order key + id at score 0;</description></item>
/// <item><description><c>lock:{id}</c>: a cache-aside lock;</description></item>
/// <item><description><c>seq:{call}</c>: while one SaveManyAsync/DeleteManyAsync sends several chunks to the bucket, how many are applied.</description></item>
/// </list>
/// </summary>
internal static class IndexKeys
{
    public const string Records = "rec";

    public const string EqualityFamily = "eq:";
    public const string UniqueFamily = "uq:";
    public const string RangeFamily = "rg:";

    /// <summary>The slot name (key suffix) of an index of one kind.</summary>
    public static string SlotName(string kind, string index) => kind switch
    {
        ScriptProtocol.SlotEquality => EqualityFamily + index,
        ScriptProtocol.SlotUnique => UniqueFamily + index,
        _ => RangeFamily + index,
    };

    /// <summary>
    /// The start of every equality member for <paramref name="value"/>: its UTF-8 length, a colon,
    /// the value. The id follows, so one lexicographic range holds exactly the value's ids, whatever
    /// characters the value or the id contain.
    /// </summary>
    public static string EqualityPrefix(string value) => Encoding.UTF8.GetByteCount(value).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + value;

    public static string EqualityMember(string value, string id)
    {
        // One allocation: this runs for every equality entry of every save.
        int length = Encoding.UTF8.GetByteCount(value);
        int digits = length < 10 ? 1 : length < 100 ? 2 : length < 1000 ? 3 : length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        return string.Create(digits + 1 + value.Length + id.Length, (length, digits, value, id), static (span, state) =>
        {
            state.length.TryFormat(span, out _, default, System.Globalization.CultureInfo.InvariantCulture);
            span[state.digits] = ':';
            state.value.AsSpan().CopyTo(span[(state.digits + 1)..]);
            state.id.AsSpan().CopyTo(span[(state.digits + 1 + state.value.Length)..]);
        });
    }

    public static string RangeMember(string orderKey, string id) => orderKey + id;

    /// <summary>The cache-aside lock of one entity, held while one process runs the factory.</summary>
    public static string Lock(string keyId) => "lock:" + keyId;

    /// <summary>
    /// The sequence key of one call's chunks to the bucket whose "all ids" key is <paramref name="allIds"/>
    /// (beside it, so in its slot): how many of the chunks are applied (see <see cref="WriteSequence"/>).
    /// </summary>
    public static string Sequence(string allIds) => allIds[..^KeyLayout.AllIdsSuffix.Length] + "seq:" + Guid.NewGuid().ToString("N");
}
