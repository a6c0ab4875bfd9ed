using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Writes;

/// <summary>RedisBatch: saves and deletes across repositories in one round trip, optionally all or nothing.</summary>
public sealed class UnitOfWorkTests : RedisTest
{
    private HoldingRepository Holdings => new(Context);

    private WalletRepository Wallets => new(Context);

    [Fact]
    public async Task Saves_and_deletes_across_repositories_go_in_one_round_trip()
    {
        await Holdings.SaveManyAsync([new Holding { Id = "old", Ticker = "A" }]); // also loads the batch script
        await using CommandLog log = await CommandLog.ConnectAsync();
        var context = new RedisRepoContext(log.Connection, Prefix);
        var holdings = new HoldingRepository(context);
        var wallets = new WalletRepository(context);
        RedisBatch batch = context.CreateBatch();
        holdings.Save(batch, new Holding { Id = "h1", Ticker = "A" });
        holdings.Delete(batch, "old");
        wallets.Save(batch, new Wallet { Id = "w1", Balance = 5 });
        Assert.Equal(3, batch.Count);

        CommandLog.Commands sent = await log.RecordAsync(() => batch.ExecuteAsync());

        Assert.Equal(1, sent.RoundTrips);
        Assert.Single(sent.Names, name => name is "EVALSHA" or "EVAL");
        Assert.Equal(0, batch.Count);
        Assert.Equal(["h1"], (await Holdings.FindByTickerAsync("A")).Select(h => h.Id));
        Assert.Equal(5, (await Wallets.GetAsync("w1"))!.Balance);
    }

    [Fact]
    public async Task An_atomic_batch_with_a_unique_conflict_writes_nothing()
    {
        await Holdings.SaveAsync(new Holding { Id = "holder", Isin = "TAKEN" });
        List<string> before = await KeysAsync();
        RedisBatch batch = Context.CreateBatch(atomic: true);
        Holdings.Save(batch, new Holding { Id = "h1", Ticker = "A" });
        Wallets.Save(batch, new Wallet { Id = "w1", Balance = 1 });
        Holdings.Delete(batch, "holder");
        Holdings.Save(batch, new Holding { Id = "h2", Isin = "OTHER" });
        Holdings.Save(batch, new Holding { Id = "h3", Isin = "OTHER" }); // h2 claims it earlier in the batch

        var error = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => batch.ExecuteAsync());

        Assert.Equal(("OTHER", "h2", "Save"), (error.Value, error.HolderId, error.Operation));
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task An_atomic_batch_sees_its_own_earlier_operations()
    {
        await Holdings.SaveAsync(new Holding { Id = "a", Isin = "X" });
        RedisBatch batch = Context.CreateBatch(atomic: true);
        Holdings.Save(batch, new Holding { Id = "a", Isin = "Y" }); // a gives X up...
        Holdings.Save(batch, new Holding { Id = "b", Isin = "X" }); // ...so b may take it

        await batch.ExecuteAsync();

        Assert.Equal("b", (await Holdings.GetByIsinAsync("X"))?.Id);
        Assert.Equal("a", (await Holdings.GetByIsinAsync("Y"))?.Id);
    }

    [Fact]
    public async Task An_atomic_batch_with_a_stale_version_writes_nothing()
    {
        var wallet = new Wallet { Id = "w1" };
        await Wallets.SaveAsync(wallet);
        Wallet stale = (await Wallets.GetAsync("w1"))!;
        await Wallets.SaveAsync(wallet);
        List<string> before = await KeysAsync();
        RedisBatch batch = Context.CreateBatch(atomic: true);
        Holdings.Save(batch, new Holding { Id = "h1" });
        Wallets.Save(batch, stale);

        var error = await Assert.ThrowsAsync<RedisRepoConcurrencyException>(() => batch.ExecuteAsync());

        Assert.Equal((1L, 2L), (error.ExpectedVersion, error.StoredVersion));
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task A_non_atomic_batch_applies_what_it_can_and_reports_the_rest()
    {
        await Holdings.SaveAsync(new Holding { Id = "holder", Isin = "TAKEN" });
        RedisBatch batch = Context.CreateBatch();
        Holdings.Save(batch, new Holding { Id = "h1", Isin = "TAKEN" });
        Holdings.Save(batch, new Holding { Id = "h2", Isin = "FREE" });

        var error = await Assert.ThrowsAsync<RedisRepoBatchException>(() => batch.ExecuteAsync());

        Assert.Equal((1, 2), (error.Failures.Count, error.Total));
        Assert.Equal("holder", Assert.IsType<RedisRepoUniqueConstraintException>(error.Failures[0]).HolderId);
        Assert.False(await Holdings.ExistsAsync("h1"));
        Assert.Equal("h2", (await Holdings.GetByIsinAsync("FREE"))?.Id);
    }

    [Fact]
    public async Task Versions_move_only_when_the_batch_is_applied()
    {
        var wallet = new Wallet { Id = "w1" };
        RedisBatch batch = Context.CreateBatch(atomic: true);
        Wallets.Save(batch, wallet);
        Assert.Equal(0, wallet.Version);

        await batch.ExecuteAsync();

        Assert.Equal(1, wallet.Version);
        Assert.Equal(1, (await Wallets.GetAsync("w1"))!.Version);
    }

    [Fact]
    public async Task Bad_input_throws_when_queued_and_a_batch_of_another_connection_is_refused()
    {
        RedisBatch batch = Context.CreateBatch();
        Assert.Throws<ArgumentNullException>(() => Holdings.Save(batch, null!));
        Assert.Throws<ArgumentException>(() => Holdings.Delete(batch, ""));

        await using var other = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
        var error = Assert.Throws<ArgumentException>(() => Holdings.Save(new RedisBatch(new RedisRepoContext(other, Prefix)), new Holding { Id = "h1" }));
        Assert.Contains("Holding.Save", error.Message);
        Assert.Equal(0, batch.Count);
    }
}
