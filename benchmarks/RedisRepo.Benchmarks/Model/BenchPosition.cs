using MessagePack;

namespace RedisRepo.Benchmarks.Model;

/// <summary>
/// The benchmark's entity: two equality indexes, a unique and a range index, a one-hour TTL and
/// a payload of about 200 bytes. The generated repository stores it with its generated formatter;
/// the hand-written stores use MessagePack's own resolver (the attribute below), the same wire
/// shape (a map keyed by property name).
/// </summary>
[RedisKey("bench:position:<Id>")]
[Ttl(Hours = 1)]
[MessagePackObject(keyAsPropertyName: true)]
public sealed class BenchPosition
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index] public string AccountId { get; set; } = "";

    [Index(Unique = true)] public string Reference { get; set; } = "";

    [SortedIndex] public decimal Price { get; set; }

    public decimal Quantity { get; set; }

    public DateTime TradeDate { get; set; }

    public string Notes { get; set; } = "";
}
