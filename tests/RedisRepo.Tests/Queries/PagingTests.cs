using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Queries;

/// <summary>
/// Paging with continuation tokens on every multi-result read: GetAll, FindBy, ranges. Pages are
/// stable under concurrent writes: an entity not written meanwhile is returned exactly once.
/// </summary>
public sealed class PagingTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    private static async Task<List<T>> AllPagesAsync<T>(Func<PageRequest, Task<ResultPage<T>>> read, int size, Func<int, Task>? between = null)
    {
        var all = new List<T>();
        PageRequest? page = PageRequest.First(size);
        int number = 0;
        while (page is not null)
        {
            ResultPage<T> result = await read(page);
            Assert.True(result.Items.Count <= size);
            all.AddRange(result.Items);
            page = result.Next(size);
            if (between is not null)
            {
                await between(number);
            }

            number++;
        }

        return all;
    }

    [Fact]
    public async Task GetAll_pages_return_every_entity_once_while_others_are_written_between_pages()
    {
        List<Holding> stored = Enumerable.Range(0, 500).Select(i => new Holding { Id = $"h{i:D3}", Ticker = "T" + (i % 7), Sequence = i }).ToList();
        await Holdings.SaveManyAsync(stored);
        var written = new HashSet<string>();

        List<Holding> paged = await AllPagesAsync(page => Holdings.GetAllAsync(page), 37, async number =>
        {
            // Between pages: delete one, re-save one (it moves in "all ids"), add one.
            Holding deleted = stored[(number * 31) % stored.Count], resaved = stored[(number * 17 + 5) % stored.Count];
            written.UnionWith([deleted.Id, resaved.Id, $"new{number}"]);
            await Holdings.DeleteAsync(deleted.Id);
            await Holdings.SaveAsync(resaved);
            await Holdings.SaveAsync(new Holding { Id = $"new{number}" });
        });

        Assert.Equal(paged.Count, paged.Select(h => h.Id).Distinct().Count());
        Assert.Subset(paged.Select(h => h.Id).ToHashSet(), stored.Select(h => h.Id).Where(id => !written.Contains(id)).ToHashSet());
    }

    [Fact]
    public async Task GetAll_pages_leave_out_expired_entities()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(Enumerable.Range(0, 30).Select(i => new Lease { Id = $"l{i:D2}", Resource = "r" + i, Duration = i % 3 == 0 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromHours(1) }));
        await Eventually.TrueAsync(async () => await leases.CountAsync() == 20);

        List<Lease> paged = await AllPagesAsync(page => leases.GetAllAsync(page), 4);

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 != 0).Select(i => $"l{i:D2}"), paged.Select(l => l.Id).Order());
    }

    [Fact]
    public async Task Range_pages_follow_the_order_both_ways()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 120).Select(i => new Holding { Id = $"h{i:D3}", Sequence = (i * 37) % 120 }));

        List<Holding> up = await AllPagesAsync(page => Holdings.FindBySequenceBetweenAsync(10, 99, page), 11);
        List<Holding> down = await AllPagesAsync(page => Holdings.FindBySequenceBetweenAsync(10, 99, page, descending: true), 11);

        Assert.Equal(Enumerable.Range(10, 90).Select(i => (long)i), up.Select(h => h.Sequence));
        Assert.Equal(Enumerable.Range(10, 90).Reverse().Select(i => (long)i), down.Select(h => h.Sequence));
    }

    [Fact]
    public async Task A_GetAll_token_is_refused_by_another_model_and_a_null_page_is_a_clear_error()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 5).Select(i => new Holding { Id = $"h{i}" }));
        ResultPage<Holding> first = await Holdings.GetAllAsync(PageRequest.First(2));

        ArgumentException foreign = await Assert.ThrowsAsync<ArgumentException>(() => new LeaseRepository(Context).GetAllAsync(first.Next(2)!));
        ArgumentNullException missing = await Assert.ThrowsAsync<ArgumentNullException>(() => Holdings.GetAllAsync((PageRequest)null!));

        Assert.Contains("Lease.GetAllAsync: the continuation token is not one of this model's GetAll pages", foreign.Message);
        Assert.Contains("PageRequest.First", missing.Message);
    }
}
