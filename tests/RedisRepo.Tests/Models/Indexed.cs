namespace RedisRepo.Tests.Models;

/// <summary>A position with an index of every kind, over the value types indexes support.</summary>
[RedisKey("fund:holding:<Id>")]
[Persistent]
public sealed class Holding
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index] public HoldingStatus Status { get; set; }

    /// <summary>An index whose key name is overridden, to adopt an existing layout.</summary>
    [Index(Name = "account")] public string? AccountId { get; set; }

    [Index(Unique = true, Name = "isin")] public string? Isin { get; set; }

    [Index] public bool Hedged { get; set; }

    [Index] public Guid? DeskId { get; set; }

    [Index, SortedIndex] public DateTime TradeDate { get; set; }

    [Index] public DateTimeOffset SettledAt { get; set; }

    [Index, SortedIndex] public decimal Quantity { get; set; }

    [SortedIndex] public long Sequence { get; set; }

    [SortedIndex] public double Price { get; set; }

    [SortedIndex] public TimeSpan? HoldingPeriod { get; set; }

    /// <summary>A computed getter can be indexed too: it is evaluated on every save.</summary>
    [Index] public string Exchange => Ticker.EndsWith(".L", StringComparison.Ordinal) ? "XLON" : "XNAS";
}

public enum HoldingStatus
{
    Open,
    Closed,
    Suspended,
}

/// <summary>A lease on a resource: a unique claim that expires with its entity.</summary>
[RedisKey("fund:lease:<Id>")]
public sealed class Lease
{
    public string Id { get; set; } = "";

    [Index(Unique = true)] public string Resource { get; set; } = "";

    [Index] public string Owner { get; set; } = "";

    [SortedIndex] public int Priority { get; set; }

    [Ttl] public TimeSpan? Duration { get; set; }
}

/// <summary>
/// A lot of a desk: its index keys (<c>fund:holding#&lt;Desk&gt;:lot:&lt;Id&gt;#…</c>) start with
/// Holding's meta prefix, which Holding's RebuildIndexesAsync must leave alone.
/// </summary>
[RedisKey("fund:holding.<Desk>:lot:<Id>")]
[Persistent]
public sealed class HoldingLot
{
    public string Desk { get; set; } = "";

    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";
}

/// <summary>A positional record whose indexes, expiry and version are written on its parameters, as users write them.</summary>
[RedisKey("fund:fill:<Id>")]
public sealed record Fill([Index] string Ticker, [SortedIndex] long Sequence, [Ttl] TimeSpan? Life, [Index(Unique = true)] string? Reference)
{
    public string Id { get; init; } = "";

    [Version] public long Version { get; set; }
}
