namespace RedisRepo.Benchmarks.Model;

/// <summary>
/// The cluster benchmark's entity, unsharded: the shape of <see cref="BenchPosition"/> (two equality
/// indexes, a range index, a one-hour TTL, the same payload) without the unique index, whose
/// claim round a sharded save would add. Stored on the standalone server.
/// </summary>
[RedisKey("bench:uposition:<Id>")]
[Ttl(Hours = 1)]
public sealed class UnshardedPosition
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index] public string AccountId { get; set; } = "";

    [SortedIndex] public decimal Price { get; set; }

    public decimal Quantity { get; set; }

    public DateTime TradeDate { get; set; }

    public string Notes { get; set; } = "";
}

/// <summary>
/// <see cref="UnshardedPosition"/> spread over 16 buckets for Redis Cluster: the same properties,
/// indexes and TTL; only <c>Shards</c> differs. The buckets' hash tags sit on evenly spaced slots
/// (512 + 1024 × b), so a cluster made by <c>redis-cli --cluster create</c> holds 5, 6 and 5 of them.
/// </summary>
[RedisKey("bench:sposition:<Id>", Shards = 16)]
[Ttl(Hours = 1)]
public sealed class ShardedPosition
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index] public string AccountId { get; set; } = "";

    [SortedIndex] public decimal Price { get; set; }

    public decimal Quantity { get; set; }

    public DateTime TradeDate { get; set; }

    public string Notes { get; set; } = "";
}

/// <summary>The same deterministic data as <see cref="Positions"/> (50 tickers, so a ticker matches 1 in 50), for both cluster-benchmark models.</summary>
public static class ShardedPositions
{
    public static UnshardedPosition[] CreateUnsharded(int count) => Positions.CreateMany(count).Select(p => new UnshardedPosition
    {
        Id = p.Id,
        Ticker = p.Ticker,
        AccountId = p.AccountId,
        Price = p.Price,
        Quantity = p.Quantity,
        TradeDate = p.TradeDate,
        Notes = p.Notes,
    }).ToArray();

    public static ShardedPosition[] CreateSharded(int count) => Positions.CreateMany(count).Select(p => new ShardedPosition
    {
        Id = p.Id,
        Ticker = p.Ticker,
        AccountId = p.AccountId,
        Price = p.Price,
        Quantity = p.Quantity,
        TradeDate = p.TradeDate,
        Notes = p.Notes,
    }).ToArray();

    /// <summary>The ticker the FindBy benchmark asks for: N / 50 entities have it.</summary>
    public static string FoundTicker => Positions.Ticker(7);
}
