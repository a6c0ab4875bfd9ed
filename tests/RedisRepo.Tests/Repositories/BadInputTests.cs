using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Repositories;

/// <summary>Bad input fails loudly, naming the model, the key and the operation; nothing is swallowed.</summary>
public sealed class BadInputTests : RedisTest
{
    private PositionRepository Positions => new(Context);

    [Fact]
    public async Task Null_entity_throws_argument_null_naming_model_and_operation()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => Positions.SaveAsync(null!));

        Assert.Equal("entity", error.ParamName);
        Assert.Contains("Position.SaveAsync", error.Message);
    }

    [Fact]
    public async Task Null_key_part_throws_argument_null_naming_the_part_and_template()
    {
        var fromParameter = await Assert.ThrowsAsync<ArgumentNullException>(() => Positions.GetAsync(null!));
        var fromEntity = await Assert.ThrowsAsync<ArgumentNullException>(() => Positions.SaveAsync(new Position { Id = null! }));

        Assert.Equal("id", fromParameter.ParamName);
        Assert.Contains("Position.GetAsync: key part 'Id' of key 'finance:position:<Id>' is null", fromParameter.Message);
        Assert.Equal("entity", fromEntity.ParamName);
        Assert.Contains("Position.SaveAsync", fromEntity.Message);
    }

    [Fact]
    public async Task Empty_key_part_throws_argument_exception()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Positions.DeleteAsync(""));

        Assert.Equal("id", error.ParamName);
        Assert.Contains("Position.DeleteAsync: key part 'Id' of key 'finance:position:<Id>' is empty", error.Message);
    }

    [Fact]
    public async Task A_bad_entity_in_a_batch_stops_the_whole_batch_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Positions.SaveManyAsync([new Position { Id = "fine" }, new Position { Id = "" }]));

        Assert.Contains("Position.SaveManyAsync", error.Message);
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Unreadable_payload_throws_naming_model_key_and_operation()
    {
        await Database.StringSetAsync(Prefix + "finance:position:junk", new byte[] { 0xC1, 0x00, 0x01 });

        var error = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Positions.GetAsync("junk"));

        Assert.Equal("Position", error.Model);
        Assert.Equal(Prefix + "finance:position:junk", error.Key);
        Assert.Equal("GetAsync", error.Operation);
        Assert.Contains("Position.GetAsync", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Payload_of_another_shape_throws_instead_of_returning_a_half_read_entity()
    {
        // A MessagePack array where a map is expected.
        await Database.StringSetAsync(Prefix + "finance:position:array", new byte[] { 0x92, 0x01, 0x02 });

        await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Positions.GetAsync("array"));
    }

    [Fact]
    public async Task A_key_of_another_redis_type_is_foreign_data_naming_model_key_and_operation()
    {
        await Database.ListRightPushAsync(Prefix + "finance:position:list", "not a string");

        var error = await Assert.ThrowsAsync<RedisRepoSerializationException>(() => Positions.GetAsync("list"));

        Assert.Equal(("Position", Prefix + "finance:position:list", "GetAsync"), (error.Model, error.Key, error.Operation));
        Assert.Contains("Redis list", error.Message);
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_call_before_anything_is_sent()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Positions.SaveAsync(new Position { Id = "p1" }, cancelled.Token));

        Assert.Empty(await KeysAsync());
    }
}
