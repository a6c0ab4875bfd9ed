namespace RedisRepo.Tests.Models;

/// <summary>A position spread over 16 buckets: every index kind and a version, for Redis Cluster.</summary>
[RedisKey("shard:position:<Id>", Shards = 16)]
[Persistent]
public sealed class ShardedPosition
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index(Unique = true)] public string? Reference { get; set; }

    [SortedIndex] public long Sequence { get; set; }

    public decimal Quantity { get; set; }

    [Version] public long Version { get; set; }
}

/// <summary>A cached session over 4 buckets with a sliding TTL, for sweep and cache-aside on a cluster.</summary>
[RedisKey("shard:session:<Id>", Shards = 4)]
[Ttl(Minutes = 30, Sliding = true)]
public sealed class ShardedSession
{
    public string Id { get; set; } = "";

    [Index] public string User { get; set; } = "";
}

/// <summary>A model pinned to one slot: every key of it in one bucket.</summary>
[RedisKey("shard:setting:<Name>", Shards = 1)]
[Persistent]
public sealed class PinnedSetting
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}
