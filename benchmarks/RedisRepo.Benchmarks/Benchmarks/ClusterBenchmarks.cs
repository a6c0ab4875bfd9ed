using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// The same model on one standalone redis-server (unsharded, the baseline) and sharded over 16
/// buckets on a 3-primary Redis Cluster, in one run: SaveMany of N (updates), GetAll over N and an
/// equality FindBy returning N / 50. A third row, the sharded model on the standalone server,
/// separates what the buckets cost from what the cluster's fan-out costs. The cluster is
/// REDIS_CLUSTER_URL or one this process starts (<see cref="BenchmarkCluster"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClusterBenchmarks
{
    private const string SaveMany = "SaveMany";
    private const string GetAll = "GetAll";
    private const string FindBy = "FindBy (N/50)";

    private readonly string _prefix = BenchmarkRedis.NewPrefix("cluster");
    private UnshardedPosition[] _unsharded = null!;
    private ShardedPosition[] _sharded = null!;
    private UnshardedPositionRepository _standalone = null!;
    private ShardedPositionRepository _standaloneSharded = null!;
    private ShardedPositionRepository _cluster = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _unsharded = ShardedPositions.CreateUnsharded(N);
        _sharded = ShardedPositions.CreateSharded(N);
        _standalone = new UnshardedPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "standalone:"));
        _standaloneSharded = new ShardedPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "standalone-sharded:"));
        _cluster = new ShardedPositionRepository(new RedisRepoContext(BenchmarkCluster.Connection, _prefix + "cluster:"));
        await _standalone.SaveManyAsync(_unsharded);
        await _standaloneSharded.SaveManyAsync(_sharded);
        await _cluster.SaveManyAsync(_sharded);

        string ticker = ShardedPositions.FoundTicker;
        Check("GetAll", N, (await _standalone.GetAllAsync()).Count, (await _standaloneSharded.GetAllAsync()).Count, (await _cluster.GetAllAsync()).Count);
        Check("FindBy", N / Positions.Tickers, (await _standalone.FindByTickerAsync(ticker)).Count, (await _standaloneSharded.FindByTickerAsync(ticker)).Count, (await _cluster.FindByTickerAsync(ticker)).Count);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkRedis.DeleteKeys(_prefix);
        BenchmarkCluster.DeleteKeys(_prefix);
    }

    [BenchmarkCategory(SaveMany), Benchmark(Baseline = true, Description = "standalone, unsharded")]
    public Task StandaloneSaveMany() => _standalone.SaveManyAsync(_unsharded);

    [BenchmarkCategory(SaveMany), Benchmark(Description = "standalone, 16 shards")]
    public Task StandaloneShardedSaveMany() => _standaloneSharded.SaveManyAsync(_sharded);

    [BenchmarkCategory(SaveMany), Benchmark(Description = "cluster (3 primaries), 16 shards")]
    public Task ClusterSaveMany() => _cluster.SaveManyAsync(_sharded);

    [BenchmarkCategory(GetAll), Benchmark(Baseline = true, Description = "standalone, unsharded")]
    public Task<IReadOnlyList<UnshardedPosition>> StandaloneGetAll() => _standalone.GetAllAsync();

    [BenchmarkCategory(GetAll), Benchmark(Description = "standalone, 16 shards")]
    public Task<IReadOnlyList<ShardedPosition>> StandaloneShardedGetAll() => _standaloneSharded.GetAllAsync();

    [BenchmarkCategory(GetAll), Benchmark(Description = "cluster (3 primaries), 16 shards")]
    public Task<IReadOnlyList<ShardedPosition>> ClusterGetAll() => _cluster.GetAllAsync();

    [BenchmarkCategory(FindBy), Benchmark(Baseline = true, Description = "standalone, unsharded")]
    public Task<IReadOnlyList<UnshardedPosition>> StandaloneFindBy() => _standalone.FindByTickerAsync(ShardedPositions.FoundTicker);

    [BenchmarkCategory(FindBy), Benchmark(Description = "standalone, 16 shards")]
    public Task<IReadOnlyList<ShardedPosition>> StandaloneShardedFindBy() => _standaloneSharded.FindByTickerAsync(ShardedPositions.FoundTicker);

    [BenchmarkCategory(FindBy), Benchmark(Description = "cluster (3 primaries), 16 shards")]
    public Task<IReadOnlyList<ShardedPosition>> ClusterFindBy() => _cluster.FindByTickerAsync(ShardedPositions.FoundTicker);

    private static void Check(string what, int expected, int standalone, int standaloneSharded, int cluster)
    {
        if (standalone != expected || standaloneSharded != expected || cluster != expected)
        {
            throw new InvalidOperationException($"benchmark data is off for {what}: expected {expected}, standalone read {standalone}, standalone sharded {standaloneSharded}, cluster {cluster}");
        }
    }
}
