using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.Model;
using RedisRepo.Diagnostics;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// What the tracing and metrics cost when nothing listens (the OpenTelemetry SDK not installed):
/// the same repository calls with the instrumentation switched off (the baseline: every
/// observation short-circuits before its listener checks) and on with no listener attached.
/// SaveManyAsync and GetAsync were async methods before they were instrumented, so the only
/// difference between the two is the instrumentation's own work.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TelemetryOverheadBenchmarks
{
    private readonly string _prefix = BenchmarkRedis.NewPrefix("telemetry");
    private BenchPositionRepository _repository = null!;
    private IReadOnlyList<BenchPosition> _positions = null!;
    private BenchPosition _one = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _repository = new BenchPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix));
        _positions = Enumerable.Range(0, 1000).Select(Positions.Create).ToList();
        _one = _positions[0];
        await _repository.SaveManyAsync(_positions);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Telemetry.Enabled = true;
        BenchmarkRedis.DeleteKeys(_prefix);
    }

    [BenchmarkCategory("SaveMany 1000"), Benchmark(Baseline = true, Description = "instrumentation off")]
    public Task SaveManyOff()
    {
        Telemetry.Enabled = false;
        return _repository.SaveManyAsync(_positions);
    }

    [BenchmarkCategory("SaveMany 1000"), Benchmark(Description = "instrumented, no listener")]
    public Task SaveManyNoListener()
    {
        Telemetry.Enabled = true;
        return _repository.SaveManyAsync(_positions);
    }

    [BenchmarkCategory("Get"), Benchmark(Baseline = true, Description = "instrumentation off")]
    public Task<BenchPosition?> GetOff()
    {
        Telemetry.Enabled = false;
        return _repository.GetAsync(_one.Id);
    }

    [BenchmarkCategory("Get"), Benchmark(Description = "instrumented, no listener")]
    public Task<BenchPosition?> GetNoListener()
    {
        Telemetry.Enabled = true;
        return _repository.GetAsync(_one.Id);
    }
}
