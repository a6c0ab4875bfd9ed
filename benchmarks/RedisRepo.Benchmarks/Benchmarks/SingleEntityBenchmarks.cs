using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>One save and one get of one entity (an update: the entity already exists).</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SingleEntityBenchmarks
{
    private readonly string _prefix = BenchmarkRedis.NewPrefix("single");
    private readonly BenchPosition _position = Positions.Create(42);
    private BenchPositionRepository _generated = null!;
    private TunedStore _tuned = null!;
    private NaiveStore _naive = null!;
    private DistributedCacheStore _cache = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _generated = new BenchPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "gen:"));
        _tuned = new TunedStore(BenchmarkRedis.Connection, _prefix + "tuned:");
        _naive = new NaiveStore(BenchmarkRedis.Connection, _prefix + "naive:");
        _cache = new DistributedCacheStore(BenchmarkRedis.Configuration, _prefix + "cache:");
        await _generated.SaveAsync(_position);
        await _tuned.SaveAsync(_position);
        await _naive.SaveAsync(_position);
        await _cache.SaveAsync(_position);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        BenchmarkRedis.DeleteKeys(_prefix);
    }

    [BenchmarkCategory("Save"), Benchmark(Description = "RedisRepo")]
    public Task GeneratedSave() => _generated.SaveAsync(_position);

    [BenchmarkCategory("Save"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task TunedSave() => _tuned.SaveAsync(_position);

    [BenchmarkCategory("Save"), Benchmark(Description = "hand-written, naive")]
    public Task NaiveSave() => _naive.SaveAsync(_position);

    [BenchmarkCategory("Save"), Benchmark(Description = "IDistributedCache")]
    public Task DistributedCacheSave() => _cache.SaveAsync(_position);

    [BenchmarkCategory("Get"), Benchmark(Description = "RedisRepo")]
    public Task<BenchPosition?> GeneratedGet() => _generated.GetAsync(_position.Id);

    [BenchmarkCategory("Get"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task<BenchPosition?> TunedGet() => _tuned.GetAsync(_position.Id);

    [BenchmarkCategory("Get"), Benchmark(Description = "hand-written, naive")]
    public Task<BenchPosition?> NaiveGet() => _naive.GetAsync(_position.Id);

    [BenchmarkCategory("Get"), Benchmark(Description = "IDistributedCache")]
    public Task<BenchPosition?> DistributedCacheGet() => _cache.GetAsync(_position.Id);
}
