using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Indexes;

/// <summary>[Index], [SortedIndex], [Ttl] and [Version] written on a positional record's parameters mark its properties.</summary>
public sealed class PositionalRecordAttributeTests : RedisTest
{
    [Fact]
    public async Task Indexes_expiry_and_uniqueness_written_on_record_parameters_work()
    {
        var fills = new FillRepository(Context);
        await fills.SaveManyAsync([
            new Fill("AAPL", 3, TimeSpan.FromMinutes(5), "F1") { Id = "f1" },
            new Fill("AAPL", 1, null, "F2") { Id = "f2" },
            new Fill("MSFT", 2, TimeSpan.FromMinutes(5), null) { Id = "f3" },
        ]);

        Assert.Equal(["f1", "f2"], (await fills.FindByTickerAsync("AAPL")).Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["f2", "f3", "f1"], (await fills.FindBySequenceBetweenAsync(0, 10)).Select(f => f.Id));
        Assert.Equal("f1", (await fills.GetByReferenceAsync("F1"))?.Id);
        Assert.InRange((await fills.GetTimeToLiveAsync("f1"))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Null(await fills.GetTimeToLiveAsync("f2"));
        await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => fills.SaveAsync(new Fill("IBM", 9, null, "F1") { Id = "f9" }));
        Fill f3 = (await fills.GetAsync("f3"))!;
        Assert.Equal(1, f3.Version);
        await IndexConsistency.AssertAsync(Database, Prefix, FillRepository.Description);
    }
}
