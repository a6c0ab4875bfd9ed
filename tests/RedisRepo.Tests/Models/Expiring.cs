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
