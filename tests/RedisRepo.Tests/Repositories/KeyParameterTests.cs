using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>Key parameters are typed as their properties; composite templates take several.</summary>
public sealed class KeyParameterTests : RedisTest
{
    [Fact]
    public async Task Composite_template_takes_one_parameter_per_placeholder()
    {
        var users = new TenantUserRepository(Context);
        await users.SaveAsync(new TenantUser { TenantId = "acme", Id = "ann", DisplayName = "Ann" });

        Assert.Equal("Ann", (await users.GetAsync("acme", "ann"))!.DisplayName);
        Assert.Null(await users.GetAsync("other", "ann"));
        Assert.Contains("auth:tenant:acme:user:ann", await KeysAsync());
        Assert.Equal(["Ann", null], (await users.GetManyAsync([("acme", "ann"), ("acme", "bob")])).Select(u => u?.DisplayName));
    }

    [Fact]
    public async Task Guid_key_is_formatted_with_hyphens()
    {
        var devices = new DeviceRepository(Context);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        await devices.SaveAsync(new Device { Id = id, Name = "sensor" });

        Assert.Equal("sensor", (await devices.GetAsync(id))!.Name);
        Assert.Contains("device:0f8fad5b-d9cb-469f-a165-70867728950e", await KeysAsync());
    }

    [Fact]
    public async Task Int_key_of_a_positional_record_round_trips()
    {
        var accounts = new AccountRepository(Context);

        await accounts.SaveAsync(new Account(-17, "Bea", 10.5m));

        Assert.Equal(new Account(-17, "Bea", 10.5m), await accounts.GetAsync(-17));
        Assert.Contains("account:-17", await KeysAsync());
    }

    [Fact]
    public async Task Enum_key_part_is_written_by_member_name_and_long_in_invariant_digits()
    {
        var orders = new OrderRepository(Context);

        await orders.SaveAsync(new Order { Region = Region.Asia, Sequence = 9_000_000_000, Item = "tea" });
        await orders.SaveAsync(new Order { Region = (Region)99, Sequence = 1, Item = "unnamed" });

        Assert.Equal("tea", (await orders.GetAsync(Region.Asia, 9_000_000_000))!.Item);
        Assert.Equal("unnamed", (await orders.GetAsync((Region)99, 1))!.Item);
        Assert.Contains("order:Asia:9000000000", await KeysAsync());
        Assert.Contains("order:99:1", await KeysAsync());
    }

    [Fact]
    public async Task The_last_key_part_may_contain_the_separator()
    {
        var positions = new PositionRepository(Context);

        await positions.SaveAsync(new Position { Id = "AAPL:2026:Q1" });

        Assert.NotNull(await positions.GetAsync("AAPL:2026:Q1"));
    }

    [Fact]
    public async Task A_key_part_followed_by_text_may_not_contain_the_separator()
    {
        var users = new TenantUserRepository(Context);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => users.SaveAsync(new TenantUser { TenantId = "a:user:b", Id = "c" }));

        Assert.Equal("entity", error.ParamName);
        Assert.Contains("TenantUser.SaveAsync", error.Message);
        Assert.Contains("'TenantId'", error.Message);
        Assert.Contains("auth:tenant:<TenantId>:user:<Id>", error.Message);
        Assert.Empty(await KeysAsync());
    }
}
