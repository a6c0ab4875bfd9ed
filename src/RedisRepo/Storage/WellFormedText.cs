namespace RedisRepo.Storage;

/// <summary>
/// Rejects text that is not well-formed UTF-16 before it becomes part of a Redis key or member:
/// Redis stores UTF-8, where every lone surrogate becomes U+FFFD, so "a\uD83D" and "a\uDE00"
/// would name the same key.
/// </summary>
internal static class WellFormedText
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="what"/> when <paramref name="text"/> holds a lone surrogate.</summary>
    public static void Check(string text, string what, string? parameterName = null)
    {
        int at = FirstLoneSurrogate(text);
        if (at >= 0)
        {
            throw new ArgumentException(
                $"The value of {what} has a lone UTF-16 surrogate (U+{(int)text[at]:X4}) at position {at}: it is not well-formed text (was a string cut inside a character?) and cannot be stored in Redis without changing.",
                parameterName);
        }
    }

    /// <summary>As <see cref="Check"/> for an index value of an entity; the message is built only for bad text (this runs for every entry of every save and index read).</summary>
    public static void CheckIndexValue(string value, string index)
    {
        if (FirstLoneSurrogate(value) >= 0)
        {
            Check(value, $"index '{index}'");
        }
    }

    /// <summary>As <see cref="Check"/> for the value argument of a repository operation; the message is built only for bad text.</summary>
    public static void CheckArgument(string value, string model, string operation)
    {
        if (FirstLoneSurrogate(value) >= 0)
        {
            Check(value, $"the {model}.{operation} argument", "value");
        }
    }

    /// <summary>The position of the first lone surrogate, or -1.</summary>
    public static int FirstLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
