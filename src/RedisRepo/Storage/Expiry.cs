using System.ComponentModel;

namespace RedisRepo.Storage;

/// <summary>
/// Turns a <c>[Ttl]</c> property's value into a time to live, by the client's clock. Generated
/// models call these; a null value means the entity is persistent.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Expiry
{
    /// <summary>The time left until <paramref name="expiresAt"/>.</summary>
    public static TimeSpan Until(DateTimeOffset expiresAt) => expiresAt - DateTimeOffset.UtcNow;

    /// <summary>The time left until <paramref name="expiresAt"/>, or null (persistent).</summary>
    public static TimeSpan? Until(DateTimeOffset? expiresAt) => expiresAt is { } at ? Until(at) : null;

    /// <summary>
    /// The time left until <paramref name="expiresAt"/>. A <see cref="DateTimeKind.Local"/> value is
    /// converted to UTC; an <see cref="DateTimeKind.Unspecified"/> one is taken as UTC.
    /// </summary>
    public static TimeSpan Until(DateTime expiresAt) => expiresAt.Kind switch
    {
        DateTimeKind.Local => expiresAt.ToUniversalTime() - DateTime.UtcNow,
        _ => DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc) - DateTime.UtcNow,
    };

    /// <summary>The time left until <paramref name="expiresAt"/>, or null (persistent).</summary>
    public static TimeSpan? Until(DateTime? expiresAt) => expiresAt is { } at ? Until(at) : null;
}
