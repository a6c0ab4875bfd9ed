namespace RedisRepo.Testing;

/// <summary>
/// Reads <c>REDIS_URL</c>: either a StackExchange.Redis configuration string
/// (<c>localhost:6379,password=...</c>) or a URL (<c>redis://[[user]:password@]host[:port]</c>,
/// <c>rediss://</c> for TLS), and turns it into a StackExchange.Redis configuration string.
/// </summary>
public static class RedisEndpoint
{
    /// <summary>The environment variable read: <c>REDIS_URL</c>.</summary>
    public const string Variable = "REDIS_URL";

    /// <summary>The configuration string for <c>REDIS_URL</c>, or null when it is unset or blank.</summary>
    public static string? FromEnvironment() => FromValue(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The configuration string for a <c>REDIS_URL</c> value, or null when it is null or blank.</summary>
    internal static string? FromValue(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : ToConfiguration(value.Trim());

    /// <summary>
    /// Turns a <c>redis://</c> or <c>rediss://</c> URL into a StackExchange.Redis configuration
    /// string (port 6379 when it has none); returns anything else unchanged, as it already is one.
    /// </summary>
    /// <param name="url">A URL or a configuration string.</param>
    public static string ToConfiguration(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        var uri = new Uri(url);
        string configuration = $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}";
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            string password = Uri.UnescapeDataString(parts.Length == 2 ? parts[1] : parts[0]);
            if (parts.Length == 2 && parts[0].Length > 0)
            {
                configuration += ",user=" + Uri.UnescapeDataString(parts[0]);
            }

            configuration += ",password=" + password;
        }

        if (uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase))
        {
            configuration += ",ssl=true";
        }

        return configuration;
    }
}
