using MessagePack;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.HandWritten;

/// <summary>Microsoft.Extensions.Caching.StackExchangeRedis, for the operations that are a cache get or set.</summary>
public sealed class DistributedCacheStore : IDisposable
{
    private static readonly DistributedCacheEntryOptions OneHour = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

    private readonly RedisCache _cache;

    /// <summary>Creates the cache over a connection of its own (RedisCache closes its connection when disposed).</summary>
    public DistributedCacheStore(string configuration, string prefix)
    {
        _cache = new RedisCache(new RedisCacheOptions
        {
            Configuration = configuration,
            InstanceName = prefix,
        });
    }

    public Task SaveAsync(BenchPosition position) => _cache.SetAsync(position.Id, MessagePackSerializer.Serialize(position), OneHour);

    public async Task<BenchPosition?> GetAsync(string id)
    {
        byte[]? payload = await _cache.GetAsync(id);
        return payload is null ? null : MessagePackSerializer.Deserialize<BenchPosition>(payload);
    }

    public void Dispose() => _cache.Dispose();
}
