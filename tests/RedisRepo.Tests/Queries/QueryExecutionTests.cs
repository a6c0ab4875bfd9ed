using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Queries;

/// <summary>
/// Query execution (what derived query methods run): AND, OR, In and ranges, ordered or not,
/// paged with continuation tokens, against a real Redis and compared with LINQ over an in-memory
/// copy of random data (several seeds).
/// </summary>
public sealed class QueryExecutionTests : RedisTest
{
    private static readonly string[] Tickers = ["AAPL", "MSFT", "NVDA", "AMD", "INTC"];

    private EntityStore<Holding> Store => new(Context, HoldingRepository.Description);

    private static QueryCondition Ticker(string value) => QueryCondition.Equal("Ticker", IndexValues.Equality(value));

    private static QueryCondition Status(HoldingStatus value) => QueryCondition.Equal("Status", IndexValues.Equality((long)value));

    private static QueryCondition Sequence(long? min, long? max, bool minIncluded = true, bool maxIncluded = true) =>
        QueryCondition.Range("Sequence", min is null ? null : IndexValues.Order(min.Value), minIncluded, max is null ? null : IndexValues.Order(max.Value), maxIncluded, IndexValues.Order(0L).Length);

    private async Task<List<Holding>> SeedAsync(int seed, int count = 600)
    {
        var random = new Random(seed);
        List<Holding> holdings = Enumerable.Range(0, count).Select(i => new Holding
        {
            Id = $"h{i:D4}",
            Ticker = Tickers[random.Next(Tickers.Length)],
            Status = (HoldingStatus)random.Next(3),
            Sequence = random.Next(-500, 500),
        }).ToList();
        await new HoldingRepository(Context).SaveManyAsync(holdings);
        return holdings;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task And_or_in_and_range_queries_return_what_LINQ_returns_over_the_same_data(int seed)
    {
        List<Holding> all = await SeedAsync(seed);
        (RedisQuery Query, Func<Holding, bool> Linq)[] cases =
        [
            (RedisQuery.Where(Ticker("AAPL"), Status(HoldingStatus.Open)), h => h.Ticker == "AAPL" && h.Status == HoldingStatus.Open),
            (RedisQuery.Where(QueryCondition.In("Ticker", ["MSFT", "AMD", "NONE"]), Sequence(-100, 100)), h => h.Ticker is "MSFT" or "AMD" && h.Sequence is >= -100 and <= 100),
            (RedisQuery.Where(Ticker("NVDA"), Status(HoldingStatus.Closed)).Or(Status(HoldingStatus.Suspended)), h => (h.Ticker == "NVDA" && h.Status == HoldingStatus.Closed) || h.Status == HoldingStatus.Suspended),
            (RedisQuery.Where(Sequence(0, null, minIncluded: false)), h => h.Sequence > 0),
            (RedisQuery.Where(Sequence(null, -400, maxIncluded: false), Ticker("INTC")), h => h.Sequence < -400 && h.Ticker == "INTC"),
            (RedisQuery.Where(QueryCondition.In("Ticker", [])), _ => false),
            (RedisQuery.Where(Sequence(10, 5)), _ => false),
        ];

        foreach ((RedisQuery query, Func<Holding, bool> linq) in cases)
        {
            string[] expected = all.Where(linq).Select(h => h.Id).Order().ToArray();
            IReadOnlyList<Holding> found = await Store.FindAllAsync(query, "test", CancellationToken.None);
            Assert.Equal(expected, found.Select(h => h.Id).Order());
            Assert.Equal(expected.Length, await Store.CountAsync(query, "test", CancellationToken.None));
            Assert.Equal(expected.Length > 0, await Store.ExistsAsync(query, "test", CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public async Task Ordered_pages_follow_the_range_index_and_return_each_match_once(int seed, bool descending)
    {
        List<Holding> all = await SeedAsync(seed);
        RedisQuery query = RedisQuery.Where(QueryCondition.In("Ticker", ["AAPL", "AMD"]), Sequence(null, null)).Ordered("Sequence", descending);
        IEnumerable<Holding> matching = all.Where(h => h.Ticker is "AAPL" or "AMD");
        string[] expected = (descending
            ? matching.OrderByDescending(h => h.Sequence).ThenByDescending(h => h.Id, StringComparer.Ordinal)
            : matching.OrderBy(h => h.Sequence).ThenBy(h => h.Id, StringComparer.Ordinal)).Select(h => h.Id).ToArray();

        var paged = new List<string>();
        PageRequest? page = PageRequest.First(7);
        int pages = 0;
        while (page is not null)
        {
            ResultPage<Holding> result = await Store.FindPageAsync(query, page, "test", CancellationToken.None);
            Assert.True(result.Items.Count <= 7);
            paged.AddRange(result.Items.Select(h => h.Id));
            page = result.Next(7);
            pages++;
        }

        Assert.Equal(expected, paged);
        Assert.Equal((expected.Length + 6) / 7, pages - (expected.Length % 7 == 0 ? 1 : 0));
    }

    [Fact]
    public async Task An_entity_unchanged_between_pages_is_returned_exactly_once_and_none_that_no_longer_matches()
    {
        List<Holding> all = await SeedAsync(6, count: 400);
        var repository = new HoldingRepository(Context);
        RedisQuery query = RedisQuery.Where(Ticker("MSFT"));
        var seen = new List<Holding>();
        var changed = new HashSet<string>();
        PageRequest? page = PageRequest.First(10);
        int round = 0;
        while (page is not null)
        {
            ResultPage<Holding> result = await Store.FindPageAsync(query, page, "test", CancellationToken.None);
            seen.AddRange(result.Items);
            page = result.Next(10);

            // Between pages: move some MSFT holdings away and others to MSFT, and add new ones.
            foreach (Holding moved in all.Where(h => !changed.Contains(h.Id)).Skip(round * 13).Take(3).ToList())
            {
                moved.Ticker = moved.Ticker == "MSFT" ? "AAPL" : "MSFT";
                changed.Add(moved.Id);
                await repository.SaveAsync(moved);
            }

            await repository.SaveAsync(new Holding { Id = $"new{round}", Ticker = "MSFT" });
            changed.Add($"new{round}");
            round++;
        }

        Assert.All(seen, h => Assert.Equal("MSFT", h.Ticker)); // as read
        Assert.Equal(seen.Count, seen.Select(h => h.Id).Distinct().Count()); // no entity twice
        string[] unchanged = all.Where(h => h.Ticker == "MSFT" && !changed.Contains(h.Id)).Select(h => h.Id).Order().ToArray();
        Assert.Subset(seen.Select(h => h.Id).ToHashSet(), unchanged.ToHashSet()); // every unchanged match once
        Assert.True(round > 5, $"only {round} pages");
    }

    [Fact]
    public async Task Expired_entities_are_never_returned_or_counted()
    {
        var leases = new LeaseRepository(Context);
        var store = new EntityStore<Lease>(Context, LeaseRepository.Description);
        await leases.SaveManyAsync([
            new Lease { Id = "gone", Resource = "r1", Owner = "ann", Duration = TimeSpan.FromMilliseconds(30) },
            new Lease { Id = "kept", Resource = "r2", Owner = "ann", Duration = TimeSpan.FromHours(1) },
        ]);
        await Eventually.TrueAsync(async () => !await Database.KeyExistsAsync(Prefix + "fund:lease:gone"));
        RedisQuery query = RedisQuery.Where(QueryCondition.Equal("Owner", "ann"));

        Assert.Equal(["kept"], (await store.FindAllAsync(query, "test", CancellationToken.None)).Select(l => l.Id));
        Assert.Equal(1, await store.CountAsync(query, "test", CancellationToken.None));
    }

    [Fact]
    public async Task An_index_entry_added_by_hand_never_brings_an_entity_that_does_not_match_into_the_answer()
    {
        var repository = new HoldingRepository(Context);
        await repository.SaveManyAsync([
            new Holding { Id = "h1", Ticker = "AAPL", Status = HoldingStatus.Open },
            new Holding { Id = "h2", Ticker = "AAPL", Status = HoldingStatus.Closed },
            new Holding { Id = "h3", Ticker = "MSFT", Status = HoldingStatus.Open },
        ]);
        // The conditions other than the one iterated are checked against their own indexes: give
        // h2 (Closed) and h3 (MSFT) entries they do not hold, in both indexes of the AND.
        await Database.SortedSetAddAsync(Prefix + "fund:holding#eq:Status", IndexKeys.EqualityMember(IndexValues.Equality((long)HoldingStatus.Open), "h2"), 0);
        await Database.SortedSetAddAsync(Prefix + "fund:holding#eq:Ticker", IndexKeys.EqualityMember("AAPL", "h3"), 0);
        RedisQuery query = RedisQuery.Where(Ticker("AAPL"), Status(HoldingStatus.Open));

        Assert.Equal(["h1"], (await Store.FindAllAsync(query, "test", CancellationToken.None)).Select(h => h.Id)); // every entity is re-checked when read
        ResultPage<Holding> page = await Store.FindPageAsync(query, PageRequest.First(10), "test", CancellationToken.None);
        Assert.Equal(["h1"], page.Items.Select(h => h.Id));
    }

    [Fact]
    public async Task A_token_of_another_query_or_an_altered_one_is_refused_with_a_clear_error()
    {
        await SeedAsync(7, count: 50);
        ResultPage<Holding> first = await Store.FindPageAsync(RedisQuery.Where(Ticker("AAPL")), PageRequest.First(2), "FindByTickerAsync", CancellationToken.None);
        Assert.NotNull(first.Continuation);

        ArgumentException other = await Assert.ThrowsAsync<ArgumentException>(() => Store.FindPageAsync(RedisQuery.Where(Ticker("MSFT")), first.Next(2)!, "FindByTickerAsync", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindPageAsync(RedisQuery.Where(Ticker("AAPL")), new PageRequest(2, "x" + first.Continuation), "FindByTickerAsync", CancellationToken.None));

        Assert.Contains("Holding.FindByTickerAsync: the continuation token is not one of this query's pages", other.Message);
    }

    [Fact]
    public async Task Delete_by_query_deletes_the_matches_and_leaves_consistent_indexes()
    {
        List<Holding> all = await SeedAsync(8, count: 200);
        RedisQuery query = RedisQuery.Where(Ticker("AMD"), Sequence(0, null));

        long deleted = await Store.DeleteAsync(query, "test", CancellationToken.None);

        Assert.Equal(all.Count(h => h.Ticker == "AMD" && h.Sequence >= 0), deleted);
        Assert.Equal(0, await Store.CountAsync(query, "test", CancellationToken.None));
        Assert.Equal(all.Count - deleted, await new HoldingRepository(Context).CountAsync());
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }
}
