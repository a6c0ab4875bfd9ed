using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Queries;

/// <summary>
/// Derived query methods declared on IHoldingRepository (Models/HoldingQueries.cs) and implemented
/// by the generator from their names, against a real Redis, compared with LINQ over the same data.
/// </summary>
public sealed class DerivedQueryMethodTests : RedisTest
{
    private static readonly string[] Tickers = ["AAPL", "MSFT", "NVDA"];

    private IHoldingRepository Holdings => new HoldingRepository(Context);

    private async Task<List<Holding>> SeedAsync(int seed)
    {
        var random = new Random(seed);
        List<Holding> all = Enumerable.Range(0, 300).Select(i => new Holding
        {
            Id = $"h{i:D3}",
            Ticker = Tickers[random.Next(Tickers.Length)],
            Status = (HoldingStatus)random.Next(3),
            Sequence = random.Next(0, 100),
        }).ToList();
        await Holdings.SaveManyAsync(all);
        return all;
    }

    private static string[] Ids(IEnumerable<Holding> holdings) => holdings.Select(h => h.Id).Order().ToArray();

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task Each_keyword_returns_what_LINQ_returns(int seed)
    {
        List<Holding> all = await SeedAsync(seed);

        Assert.Equal(Ids(all.Where(h => h.Ticker == "AAPL" && h.Status == HoldingStatus.Closed)), Ids(await Holdings.FindByTickerAndStatusAsync("AAPL", HoldingStatus.Closed)));
        Assert.Equal(all.Count(h => h.Status is HoldingStatus.Open or HoldingStatus.Suspended), await Holdings.CountByStatusInAsync([HoldingStatus.Open, HoldingStatus.Suspended]));
        Assert.Equal(Ids(all.Where(h => h.Ticker is "MSFT" or "NVDA" && h.Sequence is >= 20 and <= 40)), Ids(await Holdings.FindByTickerInAndSequenceBetweenAsync(["MSFT", "NVDA"], 20, 40)));
        Assert.Equal(Ids(all.Where(h => h.Status == HoldingStatus.Suspended || h.Sequence > 90)), Ids(await Holdings.FindByStatusOrSequenceGreaterThanAsync(HoldingStatus.Suspended, 90)));
        Assert.Equal(all.Any(h => h.Ticker == "NVDA" && h.Sequence <= 3), await Holdings.ExistsByTickerAndSequenceLessThanOrEqualAsync("NVDA", 3));
        Assert.False(await Holdings.ExistsByTickerAndSequenceLessThanOrEqualAsync("NVDA", -1));
    }

    [Fact]
    public async Task OrderBy_descending_pages_through_every_match_once_in_order()
    {
        List<Holding> all = await SeedAsync(23);
        string[] expected = all.Where(h => h.Ticker == "MSFT").OrderByDescending(h => h.Sequence).ThenByDescending(h => h.Id, StringComparer.Ordinal).Select(h => h.Id).ToArray();

        var paged = new List<string>();
        PageRequest? page = PageRequest.First(8);
        while (page is not null)
        {
            ResultPage<Holding> result = await Holdings.FindByTickerOrderBySequenceDescendingAsync("MSFT", page);
            paged.AddRange(result.Items.Select(h => h.Id));
            page = result.Next(8);
        }

        Assert.Equal(expected, paged);
    }

    [Fact]
    public async Task A_paged_overload_of_a_generated_FindBy_pages_its_matches()
    {
        List<Holding> all = await SeedAsync(24);
        var paged = new List<string>();
        PageRequest? page = PageRequest.First(25);
        while (page is not null)
        {
            ResultPage<Holding> result = await Holdings.FindByTickerAsync("AAPL", page);
            paged.AddRange(result.Items.Select(h => h.Id));
            page = result.Next(25);
        }

        Assert.Equal(Ids(all.Where(h => h.Ticker == "AAPL")), paged.Order().ToArray());
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task DeleteBy_deletes_the_matches_only()
    {
        List<Holding> all = await SeedAsync(25);

        long deleted = await Holdings.DeleteByTickerAndSequenceGreaterThanOrEqualAsync("AAPL", 50);

        Assert.Equal(all.Count(h => h.Ticker == "AAPL" && h.Sequence >= 50), deleted);
        Assert.Equal(Ids(all.Where(h => !(h.Ticker == "AAPL" && h.Sequence >= 50))), Ids(await Holdings.GetAllAsync()));
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }

    [Fact]
    public async Task A_null_argument_is_a_clear_error_naming_the_query()
    {
        ArgumentNullException e = await Assert.ThrowsAsync<ArgumentNullException>(() => Holdings.CountByStatusInAsync(null!));
        Assert.Contains("Holding.CountByStatusInAsync", e.Message);
        await Assert.ThrowsAsync<ArgumentNullException>(() => Holdings.FindByTickerAndStatusAsync(null!, HoldingStatus.Open));
    }
}
