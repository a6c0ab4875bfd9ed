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

/// <summary>
/// A versioned model with every property type cmsgpack cannot read (extension types such as
/// DateTimeOffset, binary) and more: its version check must never decode the payload.
/// </summary>
[RedisKey("docs:document:<Id>")]
[Persistent]
public sealed class VersionedDocument
{
    public string Id { get; set; } = "";

    [Index] public string Owner { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public byte[] Content { get; set; } = [];

    public TimeSpan Elapsed { get; set; }

    public Guid Revision { get; set; }

    public decimal Amount { get; set; }

    public int? Rating { get; set; }

    public List<string> Tags { get; set; } = [];

    public DocumentAuthor? Author { get; set; }

    [Version] public long Version { get; set; }
}

public sealed class DocumentAuthor
{
    public string Name { get; set; } = "";

    public DateTime Since { get; set; }
}
