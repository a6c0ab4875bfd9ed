using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

public sealed class SaveGetDeleteTests : RedisTest
{
    private PositionRepository Positions => new(Context);

    [Fact]
    public async Task Saved_entity_reads_back_with_every_property()
    {
        var position = new Position { Id = "p1", Ticker = "AAPL", AccountId = "acc-1", TransactionDate = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc), Quantity = 12.345m };

        await Positions.SaveAsync(position);
        Position? read = await Positions.GetAsync("p1");

        Assert.NotNull(read);
        Assert.Equal("p1", read.Id);
        Assert.Equal("AAPL", read.Ticker);
        Assert.Equal("acc-1", read.AccountId);
        Assert.Equal(position.TransactionDate, read.TransactionDate);
        Assert.Equal(DateTimeKind.Utc, read.TransactionDate.Kind);
        Assert.Equal(12.345m, read.Quantity);
    }

    [Fact]
    public async Task Saving_again_replaces_the_stored_entity()
    {
        await Positions.SaveAsync(new Position { Id = "p1", Ticker = "AAPL", Quantity = 1 });
        await Positions.SaveAsync(new Position { Id = "p1", Ticker = "MSFT", Quantity = 2 });

        Position? read = await Positions.GetAsync("p1");

        Assert.Equal("MSFT", read!.Ticker);
        Assert.Equal(2, read.Quantity);
        Assert.Equal(1, await Positions.CountAsync());
    }

    [Fact]
    public async Task Missing_entity_reads_as_null_and_does_not_exist()
    {
        Assert.Null(await Positions.GetAsync("nope"));
        Assert.False(await Positions.ExistsAsync("nope"));
    }

    [Fact]
    public async Task Exists_is_true_after_save_and_false_after_delete()
    {
        await Positions.SaveAsync(new Position { Id = "p1" });
        Assert.True(await Positions.ExistsAsync("p1"));

        Assert.True(await Positions.DeleteAsync("p1"));

        Assert.False(await Positions.ExistsAsync("p1"));
        Assert.Null(await Positions.GetAsync("p1"));
    }

    [Fact]
    public async Task Deleting_a_missing_entity_returns_false_and_writes_nothing()
    {
        Assert.False(await Positions.DeleteAsync("ghost"));
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Entity_is_stored_at_the_key_its_template_names_under_the_key_prefix()
    {
        await Positions.SaveAsync(new Position { Id = "p-42" });

        Assert.Equal(["finance:position#ids", "finance:position:p-42"], await KeysAsync());
        Assert.True(await Database.KeyExistsAsync(Prefix + "finance:position:p-42"));
    }

    [Fact]
    public async Task Many_entities_save_and_read_back_in_input_order_with_null_for_missing()
    {
        Position[] positions = Enumerable.Range(0, 50).Select(i => new Position { Id = "p" + i, Quantity = i }).ToArray();

        await Positions.SaveManyAsync(positions);
        IReadOnlyList<Position?> read = await Positions.GetManyAsync(["p7", "missing", "p0", "p49"]);

        Assert.Equal(4, read.Count);
        Assert.Equal(7, read[0]!.Quantity);
        Assert.Null(read[1]);
        Assert.Equal(0, read[2]!.Quantity);
        Assert.Equal(49, read[3]!.Quantity);
        Assert.Equal(50, await Positions.CountAsync());
    }

    [Fact]
    public async Task Delete_many_removes_each_entity_and_counts_those_that_existed()
    {
        await Positions.SaveManyAsync([new Position { Id = "a" }, new Position { Id = "b" }, new Position { Id = "c" }]);

        long removed = await Positions.DeleteManyAsync(["a", "c", "never"]);

        Assert.Equal(2, removed);
        Assert.Equal(["b"], (await Positions.GetAllAsync()).Select(p => p.Id));
    }
}
