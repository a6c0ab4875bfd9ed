namespace RedisRepo.Tests.Models;

/// <summary>Per-entity expiry: cached until a date, or forever when null.</summary>
[RedisKey("cache:earnings:<Ticker>")]
public sealed class Earnings
{
    public string Ticker { get; set; } = "";

    public decimal EarningsPerShare { get; set; }

    [Ttl]
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>A sliding expiry: every read re-arms it.</summary>
[RedisKey("session:<Id>")]
[Ttl(Minutes = 30, Sliding = true)]
public sealed class Session
{
    public string Id { get; set; } = "";

    public string User { get; set; } = "";
}

/// <summary>
/// A computed expiry: cached until the report date, at least an hour and at most 60 days;
/// persistent while no date is known.
/// </summary>
[RedisKey("cache:estimate:<Ticker>")]
public sealed class EarningsEstimate
{
    public string Ticker { get; set; } = "";

    public DateTimeOffset? ReportDate { get; set; }

    [Ttl]
    public TimeSpan? CacheFor => ReportDate is { } date
        ? TimeSpan.FromTicks(Math.Clamp((date - DateTimeOffset.UtcNow).Ticks, TimeSpan.FromHours(1).Ticks, TimeSpan.FromDays(60).Ticks))
        : null;
}

/// <summary>A <see cref="DateTime"/> expiry: UTC or local are converted, unspecified is taken as UTC.</summary>
[RedisKey("reminder:<Id>")]
public sealed class Reminder
{
    public int Id { get; set; }

    [Ttl]
    public DateTime Due { get; set; }
}

/// <summary>A sliding expiry on an indexed model: reads re-arm the index entries too.</summary>
[RedisKey("auth:login:<Id>")]
[Ttl(Minutes = 30, Sliding = true)]
public sealed class Login
{
    public string Id { get; set; } = "";

    [Index] public string User { get; set; } = "";
}
