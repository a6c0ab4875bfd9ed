namespace RedisRepo.Storage;

/// <summary>
/// Where a model's data lives in Redis. For a template <c>finance:position:&lt;Id&gt;</c>:
/// <list type="bullet">
/// <item><description>entity: <c>finance:position:{id}</c>, a STRING of MessagePack bytes;</description></item>
/// <item><description>index keys under the meta prefix <c>finance:position#</c>, e.g. the "all ids" sorted set <c>finance:position#ids</c>.</description></item>
/// </list>
/// The meta prefix replaces the literal prefix's last character with <c>#</c> (or <c>~</c> when that
/// character already is <c>#</c>), so no entity key can equal an index key whatever the id, and one
/// ACL pattern (<c>~finance:position[:#]*</c>) covers the model. When the template continues after
/// its first placeholder (<c>auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;</c>), the rest of the
/// template follows (<c>auth:tenant#&lt;TenantId&gt;:user:&lt;Id&gt;#</c>), so models sharing a
/// literal prefix never share index keys. The generator computes the meta prefix and checks across
/// models that no key of one can equal a key of another (RR0005). Every key also starts with
/// <see cref="RedisRepoOptions.KeyPrefix"/>.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class KeyLayout
{
    /// <summary>The suffix of the "all ids" sorted set under a model's meta prefix.</summary>
    public const string AllIdsSuffix = "ids";

    /// <summary>
    /// A SCAN pattern matching the entity keys of a template: its literal text escaped, each
    /// placeholder a <c>*</c>. <c>auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;</c> gives <c>auth:tenant:*:user:*</c>.
    /// </summary>
    /// <param name="keyPrefix">Text before the template (<see cref="RedisRepoOptions.KeyPrefix"/>).</param>
    /// <param name="keyTemplate">The model's key template.</param>
    public static string EntityKeyPattern(string keyPrefix, string keyTemplate)
    {
        var pattern = new System.Text.StringBuilder(Escape(keyPrefix));
        bool inPlaceholder = false;
        foreach (char c in keyTemplate)
        {
            if (c == '<')
            {
                inPlaceholder = true;
                pattern.Append('*');
            }
            else if (c == '>')
            {
                inPlaceholder = false;
            }
            else if (!inPlaceholder)
            {
                pattern.Append(Escape(c.ToString()));
            }
        }

        return pattern.ToString();
    }

    /// <summary>
    /// The hash tag that every key starting with <paramref name="prefix"/> shares (the text between
    /// its first <c>{</c> and the next <c>}</c>, when not empty), or null when the prefix does not
    /// fix one, so keys that start with it may hash to any slot.
    /// </summary>
    public static string? HashTag(string prefix)
    {
        int open = prefix.IndexOf('{');
        int close = open < 0 ? -1 : prefix.IndexOf('}', open + 1);
        return close > open + 1 ? prefix[(open + 1)..close] : null;
    }

    /// <summary>Escapes the glob characters of SCAN's MATCH (<c>* ? [ ] \</c>) so text matches itself.</summary>
    public static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
