using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// Reads over 10,000 stored entities: all of them, an equality index returning 200, a unique
/// lookup, and a range query returning 100.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class QueryBenchmarks
{
    private const int Count = 10_000;
    private readonly string _prefix = BenchmarkRedis.NewPrefix("query");
    private BenchPositionRepository _generated = null!;
    private TunedStore _tuned = null!;
    private NaiveStore _naive = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        BenchPosition[] positions = Positions.CreateMany(Count);
        _generated = new BenchPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "gen:"));
        _tuned = new TunedStore(BenchmarkRedis.Connection, _prefix + "tuned:");
        _naive = new NaiveStore(BenchmarkRedis.Connection, _prefix + "naive:");
        await _generated.SaveManyAsync(positions);
        await _tuned.SaveManyAsync(positions);
        await _naive.SaveManyAsync(positions);
        Check(Count, (await _generated.GetAllAsync()).Count, (await _tuned.GetAllAsync()).Count);
        Check(Count / Positions.Tickers, (await _generated.FindByTickerAsync("T07")).Count, (await _tuned.FindByTickerAsync("T07")).Count);
        Check(100, (await _generated.FindByPriceBetweenAsync(1000m, 1099m)).Count, (await _tuned.FindByPriceBetweenAsync(1000m, 1099m, 100)).Count);
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkRedis.DeleteKeys(_prefix);

    [BenchmarkCategory("GetAll 10,000"), Benchmark(Description = "RedisRepo")]
    public Task<IReadOnlyList<BenchPosition>> GeneratedGetAll() => _generated.GetAllAsync();

    [BenchmarkCategory("GetAll 10,000"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task<List<BenchPosition>> TunedGetAll() => _tuned.GetAllAsync();

    [BenchmarkCategory("GetAll 10,000"), Benchmark(Description = "hand-written, naive")]
    public Task<List<BenchPosition>> NaiveGetAll() => _naive.GetAllAsync();

    [BenchmarkCategory("FindBy (200)"), Benchmark(Description = "RedisRepo")]
    public Task<IReadOnlyList<BenchPosition>> GeneratedFindBy() => _generated.FindByTickerAsync("T07");

    [BenchmarkCategory("FindBy (200)"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task<List<BenchPosition>> TunedFindBy() => _tuned.FindByTickerAsync("T07");

    [BenchmarkCategory("FindBy (200)"), Benchmark(Description = "hand-written, naive")]
    public Task<List<BenchPosition>> NaiveFindBy() => _naive.FindByTickerAsync("T07");

    [BenchmarkCategory("Unique GetBy"), Benchmark(Description = "RedisRepo")]
    public Task<BenchPosition?> GeneratedGetBy() => _generated.GetByReferenceAsync("REF-00004242");

    [BenchmarkCategory("Unique GetBy"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task<BenchPosition?> TunedGetBy() => _tuned.GetByReferenceAsync("REF-00004242");

    [BenchmarkCategory("Unique GetBy"), Benchmark(Description = "hand-written, naive")]
    public Task<BenchPosition?> NaiveGetBy() => _naive.GetByReferenceAsync("REF-00004242");

    [BenchmarkCategory("Range (100)"), Benchmark(Description = "RedisRepo")]
    public Task<IReadOnlyList<BenchPosition>> GeneratedRange() => _generated.FindByPriceBetweenAsync(1000m, 1099m);

    [BenchmarkCategory("Range (100)"), Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task<List<BenchPosition>> TunedRange() => _tuned.FindByPriceBetweenAsync(1000m, 1099m, 100);

    [BenchmarkCategory("Range (100)"), Benchmark(Description = "hand-written, naive")]
    public Task<List<BenchPosition>> NaiveRange() => _naive.FindByPriceBetweenAsync(1000m, 1099m, 100);

    private static void Check(int expected, int generated, int tuned)
    {
        if (generated != expected || tuned != expected)
        {
            throw new InvalidOperationException($"benchmark data is off: expected {expected}, RedisRepo read {generated}, hand-written {tuned}");
        }
    }
}
