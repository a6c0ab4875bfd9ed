using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RedisRepo.Benchmarks.Model;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// Derived queries and paging. AND: an index of 10,000 members AND one of 50 (all 50 match)
/// against FindBy on the 50-member index alone; the query starts from the smaller index, so its
/// cost should follow it (goal: at most 2x). Paging: page 1 and page 500 (100 each) of a
/// 50,000-member index; a page resumes from an index position, so page 500 should cost what
/// page 1 costs (goal: within 1.5x).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class QueryPlanBenchmarks
{
    private const int Entities = 50_000, PageSize = 100;
    private readonly string _prefix = BenchmarkRedis.NewPrefix("qplan");
    private QueryPositionRepository _positions = null!;
    private PageRequest _page500 = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _positions = new QueryPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, _prefix));
        // 10,000 in book "and" (50 of them on desk "small"); 50,000 in book "paged".
        await _positions.SaveManyAsync(Enumerable.Range(0, 10_000).Select(i => new QueryPosition { Id = $"a{i:D5}", Book = "and", Desk = i % 200 == 0 ? "small" : "other", Notes = new string('n', 120) }));
        await _positions.SaveManyAsync(Enumerable.Range(0, Entities).Select(i => new QueryPosition { Id = $"p{i:D5}", Book = "paged", Desk = "d", Notes = new string('n', 120) }));

        PageRequest? page = PageRequest.First(PageSize);
        for (int number = 1; number < 500; number++)
        {
            page = (await _positions.FindByBookAsync("paged", page!)).Next(PageSize);
        }

        _page500 = page ?? throw new InvalidOperationException("fewer than 500 pages");
        Check(50, (await _positions.FindByBookAndDeskAsync("and", "small")).Count);
        Check(50, (await _positions.FindByDeskAsync("small")).Count);
        Check(PageSize, (await _positions.FindByBookAsync("paged", _page500)).Items.Count);
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkRedis.DeleteKeys(_prefix);

    [BenchmarkCategory("AND 10,000 x 50"), Benchmark(Baseline = true, Description = "FindBy on the 50-member index")]
    public Task<IReadOnlyList<QueryPosition>> FindBySmall() => _positions.FindByDeskAsync("small");

    [BenchmarkCategory("AND 10,000 x 50"), Benchmark(Description = "FindByBookAndDesk (derived)")]
    public Task<IReadOnlyList<QueryPosition>> FindByBoth() => _positions.FindByBookAndDeskAsync("and", "small");

    [BenchmarkCategory("Page of 100 in 50,000"), Benchmark(Baseline = true, Description = "page 1")]
    public Task<ResultPage<QueryPosition>> FirstPage() => _positions.FindByBookAsync("paged", PageRequest.First(PageSize));

    [BenchmarkCategory("Page of 100 in 50,000"), Benchmark(Description = "page 500")]
    public Task<ResultPage<QueryPosition>> Page500() => _positions.FindByBookAsync("paged", _page500);

    private static void Check(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"benchmark data is off: expected {expected}, read {actual}");
        }
    }
}
