using BenchmarkDotNet.Attributes;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>Saving 1,000 and 10,000 entities (updates of existing ones, every index maintained).</summary>
public class SaveManyBenchmarks
{
    private readonly string _prefix = BenchmarkRedis.NewPrefix("savemany");
    private BenchPosition[] _positions = null!;
    private BenchPositionRepository _generated = null!;
    private TunedStore _tuned = null!;
    private NaiveStore _naive = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _positions = Positions.CreateMany(N);
        _generated = new BenchPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "gen:"));
        _tuned = new TunedStore(BenchmarkRedis.Connection, _prefix + "tuned:");
        _naive = new NaiveStore(BenchmarkRedis.Connection, _prefix + "naive:");
        await _generated.SaveManyAsync(_positions);
        await _tuned.SaveManyAsync(_positions);
        await _naive.SaveManyAsync(_positions);
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkRedis.DeleteKeys(_prefix);

    [Benchmark(Description = "RedisRepo")]
    public Task Generated() => _generated.SaveManyAsync(_positions);

    [Benchmark(Baseline = true, Description = "hand-written, tuned")]
    public Task Tuned() => _tuned.SaveManyAsync(_positions);

    [Benchmark(Description = "hand-written, naive")]
    public Task Naive() => _naive.SaveManyAsync(_positions);
}
