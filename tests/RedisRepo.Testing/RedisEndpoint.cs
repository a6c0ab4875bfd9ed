namespace RedisRepo.Testing;

/// <summary>
/// Reads <c>REDIS_URL</c>: either a StackExchange.Redis configuration string
/// (<c>localhost:6379,password=...</c>) or a URL (<c>redis://[:password@]host:port</c>,
/// <c>rediss://</c> for TLS). Returns a configuration string, or null when the variable is unset.
/// </summary>
public static class RedisEndpoint
{
    public const string Variable = "REDIS_URL";

    public static string? FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(value) ? null : ToConfiguration(value.Trim());
    }

    public static string ToConfiguration(string url)
    {
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
