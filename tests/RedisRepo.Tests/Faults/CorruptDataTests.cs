using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// Foreign or corrupt data at a model's keys (another Redis type, a corrupt record, an unreadable
/// versioned payload): every write checks before it writes, so it fails with a typed exception
/// naming model, key and operation, and writes nothing; never a raw ERR user_script.
/// </summary>
public sealed class CorruptDataTests : RedisTest
{
    private const string Meta = "fund:holding#";

    private HoldingRepository Holdings => new(Context);

    [Fact]
    public async Task A_wrong_type_at_an_index_key_fails_save_and_delete_naming_the_key_and_writes_nothing()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I1" });
        await Database.KeyDeleteAsync(Prefix + Meta + "rg:Sequence");
        await Database.StringSetAsync(Prefix + Meta + "rg:Sequence", "planted");
        List<string> before = await KeysAsync();

        var save = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.SaveAsync(new Holding { Id = "h2", Ticker = "B", Isin = "I2" }));
        var delete = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.DeleteAsync("h1"));
        var many = await Assert.ThrowsAsync<RedisRepoBatchException>(() => Holdings.SaveManyAsync([new Holding { Id = "h3" }, new Holding { Id = "h4" }]));

        Assert.Equal(("Holding", Prefix + Meta + "rg:Sequence", "SaveAsync"), (save.Model, save.Key, save.Operation));
        Assert.Equal(("Holding", Prefix + Meta + "rg:Sequence", "DeleteAsync"), (delete.Model, delete.Key, delete.Operation));
        Assert.Equal(2, many.Failures.Count);
        Assert.Contains("Redis string, where RedisRepo keeps a zset", save.Message);
        Assert.Equal(before, await KeysAsync());
        Assert.Equal("A", (await Holdings.GetAsync("h1"))?.Ticker);
    }

    [Fact]
    public async Task A_wrong_type_at_an_index_key_fails_the_reads_through_it_naming_the_key_and_the_type_kept_there()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I1", Sequence = 1 });
        foreach (string index in new[] { "eq:Ticker", "rg:Sequence", "uq:isin" })
        {
            await Database.KeyDeleteAsync(Prefix + Meta + index);
            await Database.StringSetAsync(Prefix + Meta + index, "planted");
        }

        var find = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.FindByTickerAsync("A"));
        var range = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.FindBySequenceBetweenAsync(0, 10));
        var unique = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.GetByIsinAsync("I1"));

        Assert.Equal((Prefix + Meta + "eq:Ticker", "FindByTickerAsync"), (find.Key, find.Operation));
        Assert.Equal((Prefix + Meta + "rg:Sequence", "FindBySequenceBetweenAsync"), (range.Key, range.Operation));
        Assert.Equal((Prefix + Meta + "uq:isin", "GetByIsinAsync"), (unique.Key, unique.Operation));
        Assert.Contains("Redis string, where RedisRepo keeps a zset", find.Message);
        Assert.Contains("Redis string, where RedisRepo keeps a zset", range.Message);
        Assert.Contains("Redis string, where RedisRepo keeps a hash", unique.Message);
        Assert.Equal("planted", (string?)await Database.StringGetAsync(Prefix + Meta + "eq:Ticker")); // a read never writes over foreign data
    }

    [Fact]
    public async Task A_wrong_type_at_an_entity_key_fails_that_save_alone_and_its_neighbours_apply()
    {
        await Database.HashSetAsync(Prefix + "fund:holding:h2", "foreign", "data");

        var batch = await Assert.ThrowsAsync<RedisRepoBatchException>(() => Holdings.SaveManyAsync([new Holding { Id = "h1", Isin = "I1" }, new Holding { Id = "h2", Isin = "I2" }, new Holding { Id = "h3", Isin = "I3" }]));

        var failure = Assert.IsType<RedisRepoSerializationException>(Assert.Single(batch.Failures));
        Assert.Equal(Prefix + "fund:holding:h2", failure.Key);
        Assert.Equal("data", await Database.HashGetAsync(Prefix + "fund:holding:h2", "foreign"));
        Assert.Null(await Holdings.GetByIsinAsync("I2"));
        Assert.Equal(["h1", "h3"], (await Holdings.GetManyAsync(["h1", "h3"])).Select(h => h!.Id));
        Assert.Contains("Redis hash, where RedisRepo keeps a string", failure.Message);

        // The lone save (its SET checks the type) fails the same way and leaves the hash alone.
        var lone = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.SaveAsync(new Holding { Id = "h2", Isin = "I2" }));
        Assert.Equal((Prefix + "fund:holding:h2", "SaveAsync"), (lone.Key, lone.Operation));
        Assert.Contains("Redis hash, where RedisRepo keeps a string", lone.Message);
        Assert.Equal("data", await Database.HashGetAsync(Prefix + "fund:holding:h2", "foreign"));
        Assert.Null(await Holdings.GetByIsinAsync("I2"));
        Assert.Equal(2, await Holdings.CountAsync());
    }

    [Fact]
    public async Task An_atomic_batch_with_a_wrong_type_anywhere_writes_nothing()
    {
        var wallets = new WalletRepository(Context);
        await Database.ListRightPushAsync(Prefix + "fund:holding:a2", "foreign");
        List<string> before = await KeysAsync();
        RedisBatch batch = Context.CreateBatch(atomic: true);
        Holdings.Save(batch, new Holding { Id = "a1", Ticker = "A", Isin = "A1" });
        wallets.Save(batch, new Wallet { Id = "w", Iban = "DE1" });
        Holdings.Save(batch, new Holding { Id = "a2", Ticker = "A", Isin = "A2" });
        Holdings.Save(batch, new Holding { Id = "a3", Ticker = "A", Isin = "A3" });

        var error = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => batch.ExecuteAsync());

        Assert.Equal(Prefix + "fund:holding:a2", error.Key);
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task A_corrupt_record_fails_the_save_and_delete_of_its_entity_and_rebuild_repairs_it()
    {
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I1" });
        await Database.HashSetAsync(Prefix + Meta + "rec", "h1", "{\"e\":[]}"); // e.g. a RedisRepo 0.1 record
        List<string> before = await KeysAsync();

        var save = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B" }));
        await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Holdings.DeleteAsync("h1"));

        Assert.Equal(Prefix + Meta + "rec", save.Key);
        Assert.Contains("'h1'", save.Message);
        Assert.Equal(before, await KeysAsync());
        Assert.Equal(1, (await Holdings.RebuildIndexesAsync()).Reindexed);
        await Holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B" });
        Assert.Equal(["h1"], (await Holdings.FindByTickerAsync("B")).Select(h => h.Id));
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }

    [Fact]
    public async Task A_corrupt_versioned_payload_without_its_record_is_a_typed_error_and_writes_nothing()
    {
        var wallets = new WalletRepository(Context);
        await Database.StringSetAsync(Prefix + "bank:wallet:w1", new byte[] { 0x80 });

        var save = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => wallets.SaveAsync(new Wallet { Id = "w1", Iban = "DE1" }));
        var get = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => wallets.GetAsync("w1"));

        Assert.Equal((Prefix + "bank:wallet:w1", "SaveAsync"), (save.Key, save.Operation));
        Assert.Equal((Prefix + "bank:wallet:w1", "GetAsync"), (get.Key, get.Operation));
        Assert.Equal(["bank:wallet:w1"], await KeysAsync());
    }

    [Fact]
    public async Task A_versioned_model_of_extension_types_updates_many_times_and_compares_versions_as_64_bit_integers()
    {
        var documents = new VersionedDocumentRepository(Context);
        var document = new VersionedDocument
        {
            Id = "d1",
            Owner = "ann",
            UpdatedAt = DateTimeOffset.Parse("2026-12-01T08:00:00+02:00"),
            Content = [1, 2, 3],
            Elapsed = TimeSpan.FromSeconds(90),
            Revision = Guid.NewGuid(),
            Amount = 1.25m,
            Rating = 4,
            Tags = ["a", "b"],
            Author = new DocumentAuthor { Name = "Ann", Since = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        };
        for (int i = 0; i < 25; i++)
        {
            document.UpdatedAt = document.UpdatedAt.AddMinutes(1);
            await documents.SaveAsync(document);
        }

        VersionedDocument stored = (await documents.GetAsync("d1"))!;
        Assert.Equal((25L, document.UpdatedAt), (stored.Version, stored.UpdatedAt));
        Assert.Equal(document.Content, stored.Content);

        const long Big = (1L << 53) + 1; // 2^53 + 1 and 2^53 are one double
        stored.Version = Big;
        await Database.StringSetAsync(Prefix + "docs:document:d1", Codecs.PayloadCodec.Serialize(VersionedDocumentRepository.Description.Formatter, stored));
        Assert.Equal(1, (await documents.RebuildIndexesAsync()).Reindexed);
        stored.Version = Big - 1;
        var stale = await Assert.ThrowsAsync<RedisRepoConcurrencyException>(() => documents.SaveAsync(stored));
        stored.Version = Big;
        await documents.SaveAsync(stored);

        Assert.Equal((Big, Big - 1), (stale.StoredVersion, stale.ExpectedVersion));
        Assert.Equal(Big + 1, (await documents.GetAsync("d1"))!.Version);
        await IndexConsistency.AssertAsync(Database, Prefix, VersionedDocumentRepository.Description);
    }

    [Fact]
    public async Task A_lost_records_hash_never_frees_a_unique_value_whose_holder_lives()
    {
        await Holdings.SaveAsync(new Holding { Id = "holder", Isin = "I1" });
        await Database.KeyDeleteAsync(Prefix + Meta + "rec"); // what allkeys-lru eviction of the records hash does

        var taken = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Holdings.SaveAsync(new Holding { Id = "intruder", Isin = "I1" }));

        Assert.Equal("holder", taken.HolderId);
        Assert.Null(await Holdings.GetAsync("intruder"));
        Assert.Equal(1, (await Holdings.RebuildIndexesAsync()).Reindexed);
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }
}
