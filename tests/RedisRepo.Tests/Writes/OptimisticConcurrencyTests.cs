using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Writes;

/// <summary>[Version]: a save succeeds only against the version it read, and moves it on.</summary>
public sealed class OptimisticConcurrencyTests : RedisTest
{
    private WalletRepository Wallets => new(Context);

    [Fact]
    public async Task A_new_entity_saves_at_version_zero_and_moves_to_one()
    {
        var wallet = new Wallet { Id = "w1", Balance = 10 };

        await Wallets.SaveAsync(wallet);

        Assert.Equal(1, wallet.Version);
        Assert.Equal(1, (await Wallets.GetAsync("w1"))!.Version);
    }

    [Fact]
    public async Task Each_successful_save_increments_the_version()
    {
        var wallet = new Wallet { Id = "w1" };
        for (int i = 0; i < 3; i++)
        {
            wallet.Balance += 5;
            await Wallets.SaveAsync(wallet);
        }

        Wallet stored = (await Wallets.GetAsync("w1"))!;
        Assert.Equal((3, 15m), (stored.Version, stored.Balance));
    }

    [Fact]
    public async Task A_stale_save_throws_naming_model_key_and_versions_and_writes_nothing()
    {
        await Wallets.SaveAsync(new Wallet { Id = "w1", Balance = 10 });
        Wallet first = (await Wallets.GetAsync("w1"))!;
        Wallet second = (await Wallets.GetAsync("w1"))!;
        first.Balance = 20;
        await Wallets.SaveAsync(first);
        byte[] stored = (await Database.StringGetAsync(Prefix + "bank:wallet:w1"))!;

        second.Balance = 99;
        var error = await Assert.ThrowsAsync<RedisRepoConcurrencyException>(() => Wallets.SaveAsync(second));

        Assert.Equal(("Wallet", Prefix + "bank:wallet:w1", 1L, 2L, "SaveAsync"), (error.Model, error.Key, error.ExpectedVersion, error.StoredVersion, error.Operation));
        Assert.Contains("Wallet.SaveAsync", error.Message);
        Assert.Equal(1, second.Version); // unchanged: the caller can reload and retry
        Assert.Equal(stored, (byte[])(await Database.StringGetAsync(Prefix + "bank:wallet:w1"))!);
    }

    [Fact]
    public async Task Inserting_over_an_existing_entity_is_a_conflict()
    {
        await Wallets.SaveAsync(new Wallet { Id = "w1", Balance = 10 });

        var error = await Assert.ThrowsAsync<RedisRepoConcurrencyException>(() => Wallets.SaveAsync(new Wallet { Id = "w1", Balance = 0 }));

        Assert.Equal((0L, 1L), (error.ExpectedVersion, error.StoredVersion));
        Assert.Equal(10, (await Wallets.GetAsync("w1"))!.Balance);
    }

    [Fact]
    public async Task After_a_delete_the_entity_starts_again_at_version_zero()
    {
        await Wallets.SaveAsync(new Wallet { Id = "w1" });
        await Wallets.DeleteAsync("w1");

        var again = new Wallet { Id = "w1" };
        await Wallets.SaveAsync(again);

        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task Of_two_racing_writers_of_one_version_exactly_one_wins()
    {
        await Wallets.SaveAsync(new Wallet { Id = "w1", Balance = 100 });

        for (int round = 0; round < 20; round++)
        {
            Wallet?[] copies = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Wallets.GetAsync("w1")));
            long read = copies[0]!.Version;
            string[] outcomes = await Task.WhenAll(copies.Select(async (copy, writer) =>
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
                copy!.Balance -= 10 + writer;
                try
                {
                    await new WalletRepository(new RedisRepoContext(connection, Prefix)).SaveAsync(copy);
                    return "won";
                }
                catch (RedisRepoConcurrencyException)
                {
                    return "lost";
                }
            }));

            Assert.Equal(["lost", "won"], outcomes.Order());
            Assert.Equal(read + 1, (await Wallets.GetAsync("w1"))!.Version);
        }
    }

    [Fact]
    public async Task SaveMany_applies_the_current_entities_and_reports_the_stale_one()
    {
        await Wallets.SaveManyAsync([new Wallet { Id = "w1" }, new Wallet { Id = "w2" }]);
        Wallet stale = (await Wallets.GetAsync("w2"))!;
        await Wallets.SaveAsync((await Wallets.GetAsync("w2"))!);
        Wallet w1 = (await Wallets.GetAsync("w1"))!;
        var w3 = new Wallet { Id = "w3" };

        var error = await Assert.ThrowsAsync<RedisRepoBatchException>(() => Wallets.SaveManyAsync([w1, stale, w3]));

        var failure = Assert.IsType<RedisRepoConcurrencyException>(Assert.Single(error.Failures));
        Assert.Equal((1L, 2L), (failure.ExpectedVersion, failure.StoredVersion));
        Assert.Equal((2L, 1L, 1L), (w1.Version, stale.Version, w3.Version));
        Assert.Equal(2, (await Wallets.GetAsync("w1"))!.Version);
        Assert.Equal(1, (await Wallets.GetAsync("w3"))!.Version);
    }
}
