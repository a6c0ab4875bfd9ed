using System.ComponentModel;
using System.Globalization;

namespace RedisRepo.Storage;

/// <summary>
/// How index values become Redis text. Equality values are canonical (two values that are equal
/// in .NET give the same text: <c>1.0m</c> and <c>1.00m</c>, a <see cref="DateTime"/> of any kind
/// by its ticks). Order keys are fixed-width strings whose byte order is the values' order, so a
/// sorted index compares them exactly, where a double score would not (longs beyond 2^53,
/// decimal fractions).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class IndexValues
{
    private const string DecimalFormat = "F28"; // 28 fraction digits: every decimal exactly (the standard format: twice as fast as the custom "0.000…")

    /// <summary>The text of a string value: the value itself (case-sensitive).</summary>
    public static string Equality(string value) => value;

    /// <summary>A string of an <c>[Index(IgnoreCase = true)]</c>: upper-cased with the invariant culture, so values equal under <see cref="StringComparer.OrdinalIgnoreCase"/> are one.</summary>
    public static string EqualityIgnoreCase(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ToUpperInvariant();
    }

    /// <summary>An integer value in invariant digits.</summary>
    public static string Equality(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer value in invariant digits.</summary>
    public static string Equality(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A floating-point value, round-trippable; -0 is 0.</summary>
    /// <exception cref="ArgumentException">The value is NaN.</exception>
    public static string Equality(double value)
    {
        RejectNaN(value);
        return (value == 0 ? 0d : value).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A decimal without trailing zeros, so equal values have one text.</summary>
    public static string Equality(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Equality(bool value) => value ? "true" : "false";

    /// <summary>A Guid in its hyphenated form.</summary>
    public static string Equality(Guid value) => value.ToString("D");

    /// <summary>A <see cref="DateTime"/> by its ticks, as .NET compares them (the kind is not part of equality).</summary>
    public static string Equality(DateTime value) => Equality(value.Ticks);

    /// <summary>A <see cref="DateTimeOffset"/> by its UTC instant, as .NET compares them.</summary>
    public static string Equality(DateTimeOffset value) => Equality(value.UtcTicks);

    /// <summary>A <see cref="TimeSpan"/> by its ticks.</summary>
    public static string Equality(TimeSpan value) => Equality(value.Ticks);

    /// <summary>A <see cref="char"/> as a one-character string.</summary>
    public static string Equality(char value) => value.ToString();

    /// <summary>16 hex digits ordered like the signed value.</summary>
    public static string Order(long value) => ((ulong)value ^ 0x8000_0000_0000_0000UL).ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>16 hex digits ordered like the unsigned value.</summary>
    public static string Order(ulong value) => value.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>16 hex digits ordered like the IEEE 754 value (-inf first, +inf last); -0 is 0.</summary>
    /// <exception cref="ArgumentException">The value is NaN.</exception>
    public static string Order(double value)
    {
        RejectNaN(value);
        long bits = BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        ulong ordered = bits < 0 ? ~(ulong)bits : (ulong)bits ^ 0x8000_0000_0000_0000UL;
        return ordered.ToString("X16", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// 58 characters ordered like the decimal value: a sign digit ('0' negative, '1' otherwise),
    /// 29 integer and 28 fraction digits, complemented (9 - d) for negatives.
    /// </summary>
    public static string Order(decimal value)
    {
        Span<char> digits = stackalloc char[58]; // at most 29 integer digits, '.', 28 fraction digits
        bool formatted = Math.Abs(value).TryFormat(digits, out int written, DecimalFormat, CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(formatted, "58 characters hold every decimal in this format");
        digits = digits[..written];
        int dot = digits.IndexOf('.');
        Span<char> text = stackalloc char[58];
        bool negative = value < 0;
        text[0] = negative ? '0' : '1';
        int integerDigits = dot;
        for (int i = 0; i < 29; i++)
        {
            int source = i - (29 - integerDigits);
            text[1 + i] = source < 0 ? '0' : digits[source];
        }

        digits.Slice(dot + 1, 28).CopyTo(text[30..]);
        if (negative)
        {
            for (int i = 1; i < text.Length; i++)
            {
                text[i] = (char)('9' - text[i] + '0');
            }
        }

        return new string(text);
    }

    /// <summary>Ordered by ticks.</summary>
    public static string Order(DateTime value) => Order(value.Ticks);

    /// <summary>Ordered by UTC instant.</summary>
    public static string Order(DateTimeOffset value) => Order(value.UtcTicks);

    /// <summary>Ordered by ticks.</summary>
    public static string Order(TimeSpan value) => Order(value.Ticks);

    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    private static void RejectNaN(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be indexed: it equals nothing and has no order.", nameof(value));
        }
    }
}
