using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Reads;

/// <summary>
/// Nothing foreign is returned as ours: a payload copied from another key, a map of something
/// else, or a key of another Redis type is a RedisRepoSerializationException naming model, key and
/// operation, in every read path; a bulk read names every such key and keeps what it could read.
/// </summary>
public sealed class ForeignDataTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task A_payload_copied_from_another_key_is_never_returned_as_the_entity_asked_for()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "c1", Ticker = "A" }, new Holding { Id = "c2", Ticker = "A" }, new Holding { Id = "c3", Ticker = "B" }]);
        await Database.StringSetAsync(Prefix + "fund:holding:c1", await Database.StringGetAsync(Prefix + "fund:holding:c2"));
        await Database.SortedSetAddAsync(Prefix + "fund:holding#eq:Ticker", RedisRepo.Storage.IndexKeys.EqualityMember("A", "c3"), 0); // stale: c3 holds B

        var get = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetAsync("c1"));
        var all = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetAllAsync());
        var find = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.FindByTickerAsync("A"));

        Assert.Equal(("Holding", Prefix + "fund:holding:c1", "GetAsync"), (get.Model, get.Key, get.Operation));
        Assert.Contains(Prefix + "fund:holding:c2", get.Reason);
        Assert.Equal([Prefix + "fund:holding:c1"], all.Keys);
        Assert.Equal(["c2", "c3"], all.Readable.Cast<Holding>().Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal("FindByTickerAsync", find.Operation);
        Assert.Equal(["c2"], find.Readable.Cast<Holding>().Select(h => h.Id)); // c3 does not match A: not offered either
    }

    [Fact]
    public async Task An_empty_map_a_non_map_and_another_redis_type_are_each_named_by_one_bulk_exception()
    {
        await Holdings.SaveManyAsync(Enumerable.Range(0, 5).Select(i => new Holding { Id = "h" + i, Sequence = i }));
        await Database.StringSetAsync(Prefix + "fund:holding:h1", new byte[] { 0x80 });
        await Database.StringSetAsync(Prefix + "fund:holding:h2", "plain text");
        await Database.KeyDeleteAsync(Prefix + "fund:holding:h3");
        await Database.HashSetAsync(Prefix + "fund:holding:h3", "a", "b");

        var all = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetAllAsync());
        var range = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.FindBySequenceBetweenAsync(0, 10));
        var many = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetManyAsync(["h0", "h3", "nobody"]));
        var scan = await Assert.ThrowsAsync<RedisRepoSerializationException>(async () =>
        {
            await foreach (Holding _ in Holdings.ScanAsync())
            {
            }
        });

        string[] bad = ["h1", "h2", "h3"];
        Assert.Equal(bad.Select(id => Prefix + "fund:holding:" + id), all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["h0", "h4"], all.Readable.Cast<Holding>().Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, range.Keys.Count);
        Assert.Equal([Prefix + "fund:holding:h3"], many.Keys);
        Assert.Contains("Redis hash", many.Failures[0].Reason);
        Assert.NotEmpty(scan.Keys);
        Assert.Equal(5, await Holdings.CountAsync()); // counts trust the index: docs/guarantees.md
    }

    [Fact]
    public async Task A_read_of_several_chunks_names_the_unreadable_keys_of_every_chunk_in_one_exception()
    {
        // GetAll reads 1,000 keys per MGET and decodes each chunk as it arrives.
        await Holdings.SaveManyAsync(Enumerable.Range(0, 2_500).Select(i => new Holding { Id = "h" + i, Sequence = i }));
        string[] ids = (await Holdings.GetAllAsync()).Select(h => h.Id).ToArray();
        string[] bad = [ids[10], ids[1_500], ids[2_499]]; // in the first, second and third chunk
        foreach (string id in bad)
        {
            await Database.StringSetAsync(Prefix + "fund:holding:" + id, "plain text");
        }

        var all = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetAllAsync());

        Assert.Equal(bad.Select(id => Prefix + "fund:holding:" + id), all.Keys);
        Assert.Equal(ids.Except(bad), all.Readable.Cast<Holding>().Select(h => h.Id));
        Assert.Equal("GetAllAsync", all.Operation);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_key_part_or_an_index_value_is_an_argument_error_before_anything_is_sent()
    {
        var high = await Assert.ThrowsAsync<ArgumentException>(() => Holdings.SaveAsync(new Holding { Id = "user\uD83D" }));
        var low = await Assert.ThrowsAsync<ArgumentException>(() => Holdings.GetAsync("user\uDE00"));
        var index = await Assert.ThrowsAsync<ArgumentException>(() => Holdings.SaveAsync(new Holding { Id = "ok", Ticker = "cut\uD83D" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Holdings.FindByTickerAsync("cut\uD83D"));

        Assert.Contains("key part 'Id'", high.Message);
        Assert.Contains("surrogate", low.Message);
        Assert.Contains("index 'Ticker'", index.Message);
        await Holdings.SaveAsync(new Holding { Id = "user\uD83D\uDE00", Ticker = "\uD83D\uDE00" }); // a whole emoji is fine
        Assert.Equal(["user\uD83D\uDE00"], (await Holdings.FindByTickerAsync("\uD83D\uDE00")).Select(h => h.Id));
        Assert.Equal(["fund:holding:user\uD83D\uDE00"], (await KeysAsync()).Where(k => !k.Contains('#')));
    }
}
