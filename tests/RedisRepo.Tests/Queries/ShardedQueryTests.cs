using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Queries;

/// <summary>
/// Queries over a model spread over 16 buckets on Redis Cluster: every bucket is asked (each in
/// its own slot) and the answers merged; ordered pages merge the buckets in order.
/// </summary>
public sealed class ShardedQueryTests : IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private ConnectionMultiplexer _connection = null!;
    private RedisRepoContext _context = null!;

    public async Task InitializeAsync()
    {
        _connection = await RedisCluster.ConnectionAsync();
        _context = new RedisRepoContext(_connection, _prefix);
    }

    public async Task DisposeAsync() => await new ShardedPositionRepository(_context).DeleteManyAsync(Enumerable.Range(0, 300).Select(i => $"p{i}"));

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Queries_over_sixteen_buckets_on_a_cluster_return_what_LINQ_returns_in_order_across_pages(int seed)
    {
        var random = new Random(seed);
        List<ShardedPosition> all = Enumerable.Range(0, 300).Select(i => new ShardedPosition
        {
            Id = $"p{i}",
            Ticker = random.Next(3) == 0 ? "AAPL" : "MSFT",
            Sequence = random.Next(0, 1000),
        }).ToList();
        await new ShardedPositionRepository(_context).SaveManyAsync(all);
        var store = new EntityStore<ShardedPosition>(_context, ShardedPositionRepository.Description);
        string width = IndexValues.Order(0L);
        RedisQuery query = RedisQuery.Where(
                QueryCondition.Equal("Ticker", "AAPL"),
                QueryCondition.Range("Sequence", IndexValues.Order(100L), true, null, false, width.Length))
            .Ordered("Sequence", descending: true);
        string[] expected = all.Where(p => p.Ticker == "AAPL" && p.Sequence >= 100)
            .OrderByDescending(p => p.Sequence).ThenByDescending(p => p.Id, StringComparer.Ordinal).Select(p => p.Id).ToArray();

        var paged = new List<string>();
        PageRequest? page = PageRequest.First(9);
        while (page is not null)
        {
            ResultPage<ShardedPosition> result = await store.FindPageAsync(query, page, "test", CancellationToken.None);
            paged.AddRange(result.Items.Select(p => p.Id));
            page = result.Next(9);
        }

        Assert.Equal(expected, paged);
        Assert.Equal(expected.Length, await store.CountAsync(query, "test", CancellationToken.None));
        RedisQuery unordered = RedisQuery.Where(QueryCondition.Equal("Ticker", "MSFT")).Or(QueryCondition.Range("Sequence", null, false, IndexValues.Order(50L), false, width.Length));
        Assert.Equal(
            all.Where(p => p.Ticker == "MSFT" || p.Sequence < 50).Select(p => p.Id).Order(),
            (await store.FindAllAsync(unordered, "test", CancellationToken.None)).Select(p => p.Id).Order());
    }

    [Fact]
    public async Task GetAll_pages_over_sixteen_buckets_on_a_cluster_return_every_entity_once()
    {
        var positions = new ShardedPositionRepository(_context);
        await positions.SaveManyAsync(Enumerable.Range(0, 300).Select(i => new ShardedPosition { Id = $"p{i}", Ticker = "T", Sequence = i }));

        var paged = new List<string>();
        PageRequest? page = PageRequest.First(23);
        while (page is not null)
        {
            ResultPage<ShardedPosition> result = await positions.GetAllAsync(page);
            paged.AddRange(result.Items.Select(p => p.Id));
            page = result.Next(23);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"p{i}").Order(), paged.Order());
    }
}
