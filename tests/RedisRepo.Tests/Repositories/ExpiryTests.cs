using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>Expiry policies as the foundation applies them (issue 4 deepens sweeping and sliding).</summary>
public sealed class ExpiryTests : RedisTest
{
    [Fact]
    public async Task Fixed_ttl_is_set_on_every_save()
    {
        var positions = new PositionRepository(Context);

        await positions.SaveAsync(new Position { Id = "p1" });

        TimeSpan? ttl = await positions.GetTimeToLiveAsync("p1");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task Persistent_models_have_no_ttl()
    {
        var devices = new DeviceRepository(Context);
        var id = Guid.NewGuid();

        await devices.SaveAsync(new Device { Id = id });

        Assert.Null(await devices.GetTimeToLiveAsync(id));
        Assert.True(await devices.ExistsAsync(id));
    }

    [Fact]
    public async Task Per_entity_ttl_follows_the_property_and_null_means_persistent()
    {
        var earnings = new EarningsRepository(Context);

        await earnings.SaveAsync(new Earnings { Ticker = "AAPL", ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });
        await earnings.SaveAsync(new Earnings { Ticker = "MSFT", ExpiresAt = null });

        Assert.InRange((await earnings.GetTimeToLiveAsync("AAPL"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Null(await earnings.GetTimeToLiveAsync("MSFT"));
    }

    [Fact]
    public async Task Saving_with_an_expiry_already_past_removes_the_entity()
    {
        var earnings = new EarningsRepository(Context);
        await earnings.SaveAsync(new Earnings { Ticker = "AAPL", ExpiresAt = null });

        await earnings.SaveAsync(new Earnings { Ticker = "AAPL", ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });

        Assert.False(await earnings.ExistsAsync("AAPL"));
        Assert.Equal(0, await earnings.CountAsync());
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Expired_entities_vanish_from_every_read_and_a_later_write_prunes_their_ids()
    {
        var earnings = new EarningsRepository(Context);
        await earnings.SaveAsync(new Earnings { Ticker = "GONE", ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(100) });
        await earnings.SaveAsync(new Earnings { Ticker = "KEPT", ExpiresAt = null });

        await Eventually.TrueAsync(async () => !await earnings.ExistsAsync("GONE"));

        Assert.Null(await earnings.GetAsync("GONE"));
        Assert.Equal(1, await earnings.CountAsync());
        Assert.Equal(["KEPT"], (await earnings.GetAllAsync()).Select(e => e.Ticker));
        await earnings.SaveAsync(new Earnings { Ticker = "NEXT" });
        Assert.Null(await Database.SortedSetScoreAsync(Prefix + "cache:earnings#ids", "GONE"));
    }

    [Fact]
    public async Task Sliding_ttl_is_re_armed_by_a_read_and_by_touch()
    {
        var sessions = new SessionRepository(Context);
        await sessions.SaveAsync(new Session { Id = "s1", User = "ann" });
        await Database.KeyExpireAsync(Prefix + "session:s1", TimeSpan.FromMinutes(1)); // as if 29 minutes had passed

        Assert.Equal("ann", (await sessions.GetAsync("s1"))!.User);
        Assert.InRange((await sessions.GetTimeToLiveAsync("s1"))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        await Database.KeyExpireAsync(Prefix + "session:s1", TimeSpan.FromMinutes(1));
        Assert.True(await sessions.TouchAsync("s1"));
        Assert.InRange((await sessions.GetTimeToLiveAsync("s1"))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.False(await sessions.TouchAsync("missing"));
    }
}
