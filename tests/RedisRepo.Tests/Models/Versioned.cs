namespace RedisRepo.Tests.Models;

/// <summary>A balance guarded by optimistic concurrency.</summary>
[RedisKey("bank:wallet:<Id>")]
[Persistent]
public sealed class Wallet
{
    public string Id { get; set; } = "";

    public decimal Balance { get; set; }

    [Index(Unique = true)] public string? Iban { get; set; }

    [Version] public long Version { get; set; }
}

/// <summary>A cached market quote, for cache-aside.</summary>
[RedisKey("cache:quote:<Ticker>")]
[Ttl(Minutes = 5)]
public sealed class Quote
{
    public string Ticker { get; set; } = "";

    public decimal Bid { get; set; }

    /// <summary>Which loader produced the value (tests tell processes apart by it).</summary>
    public string Source { get; set; } = "";
}
