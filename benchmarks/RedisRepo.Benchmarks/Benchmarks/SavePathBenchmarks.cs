using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// The save path against the hand-written baselines, same model (entity + all ids + two
/// equality indexes, 1 h TTL), same run: F2 (insert-only script, the floor) and F3 (a script with
/// RedisRepo's guarantees, the baseline). Every save is an update of an entity the setup stored.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SavePathBenchmarks
{
    private readonly string _prefix = BenchmarkRedis.NewPrefix("savepath");
    private SavePosition[] _positions = null!;
    private SavePositionRepository _generated = null!;
    private F2Store _f2 = null!;
    private F3Store _f3 = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _positions = Enumerable.Range(0, N).Select(SavePosition.Create).ToArray();
        _generated = new SavePositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix + "gen:"));
        _f2 = new F2Store(BenchmarkRedis.Connection, _prefix + "f2:");
        _f3 = new F3Store(BenchmarkRedis.Connection, _prefix + "f3:");
        await _generated.SaveManyAsync(_positions);
        await _f2.SaveManyAsync(_positions);
        await _f3.SaveManyAsync(_positions);
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkRedis.DeleteKeys(_prefix);

    [BenchmarkCategory("SaveMany"), Benchmark(Description = "RedisRepo")]
    public Task GeneratedSaveMany() => _generated.SaveManyAsync(_positions);

    [BenchmarkCategory("SaveMany"), Benchmark(Baseline = true, Description = "F3: hand-written, same guarantees")]
    public Task F3SaveMany() => _f3.SaveManyAsync(_positions);

    [BenchmarkCategory("SaveMany"), Benchmark(Description = "F2: hand-written, insert-only")]
    public Task F2SaveMany() => _f2.SaveManyAsync(_positions);

    [BenchmarkCategory("Save (one)"), Benchmark(Description = "RedisRepo")]
    public Task GeneratedSave() => _generated.SaveAsync(_positions[N / 2]);

    [BenchmarkCategory("Save (one)"), Benchmark(Baseline = true, Description = "F3: hand-written, same guarantees")]
    public Task F3Save() => _f3.SaveAsync(_positions[N / 2]);

    [BenchmarkCategory("Save (one)"), Benchmark(Description = "F2: hand-written, insert-only")]
    public Task F2Save() => _f2.SaveAsync(_positions[N / 2]);
}
