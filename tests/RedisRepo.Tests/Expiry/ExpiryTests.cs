using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Expiry;

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
    public async Task Expired_entities_vanish_from_every_read_and_the_sweep_removes_their_ids()
    {
        var earnings = new EarningsRepository(Context);
        await earnings.SaveAsync(new Earnings { Ticker = "GONE", ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(100) });
        await earnings.SaveAsync(new Earnings { Ticker = "KEPT", ExpiresAt = null });

        await Eventually.TrueAsync(async () => !await earnings.ExistsAsync("GONE"));

        Assert.Null(await earnings.GetAsync("GONE"));
        Assert.Equal(1, await earnings.CountAsync());
        Assert.Equal(["KEPT"], (await earnings.GetAllAsync()).Select(e => e.Ticker));
        Assert.NotNull(await Database.SortedSetScoreAsync(Prefix + "cache:earnings#ids", "GONE")); // readers skip it by its score
        Assert.Equal(1, await earnings.SweepExpiredAsync());
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

    [Fact]
    public async Task A_computed_ttl_getter_is_clamped_as_the_model_says()
    {
        var estimates = new EarningsEstimateRepository(Context);

        await estimates.SaveManyAsync(
        [
            new EarningsEstimate { Ticker = "SOON", ReportDate = DateTimeOffset.UtcNow.AddMinutes(10) },
            new EarningsEstimate { Ticker = "MID", ReportDate = DateTimeOffset.UtcNow.AddDays(3) },
            new EarningsEstimate { Ticker = "FAR", ReportDate = DateTimeOffset.UtcNow.AddDays(200) },
            new EarningsEstimate { Ticker = "NONE", ReportDate = null },
        ]);

        Assert.InRange((await estimates.GetTimeToLiveAsync("SOON"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange((await estimates.GetTimeToLiveAsync("MID"))!.Value, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(3));
        Assert.InRange((await estimates.GetTimeToLiveAsync("FAR"))!.Value, TimeSpan.FromDays(60) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(60));
        Assert.Null(await estimates.GetTimeToLiveAsync("NONE"));
        Assert.True(await estimates.ExistsAsync("NONE"));
    }

    [Fact]
    public async Task A_DateTime_ttl_converts_local_time_and_takes_unspecified_as_utc()
    {
        var reminders = new ReminderRepository(Context);
        DateTime inAnHour = DateTime.UtcNow.AddHours(1);

        await reminders.SaveManyAsync(
        [
            new Reminder { Id = 1, Due = inAnHour },
            new Reminder { Id = 2, Due = inAnHour.ToLocalTime() },
            new Reminder { Id = 3, Due = DateTime.SpecifyKind(inAnHour, DateTimeKind.Unspecified) },
        ]);

        foreach (int id in new[] { 1, 2, 3 })
        {
            Assert.InRange((await reminders.GetTimeToLiveAsync(id))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        }
    }

    [Fact]
    public async Task A_sliding_read_re_arms_the_entity_and_its_liveness_in_every_index()
    {
        var logins = new LoginRepository(Context);
        await logins.SaveManyAsync([new Login { Id = "a", User = "ann" }, new Login { Id = "b", User = "ann" }]);
        double soon = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        foreach (string id in new[] { "a", "b" })
        {
            await Database.KeyExpireAsync(Prefix + "auth:login:" + id, TimeSpan.FromMinutes(1)); // as if 29 minutes had passed
            await Database.SortedSetAddAsync(Prefix + "auth:login#ids", id, soon);
        }

        IReadOnlyList<Login?> read = await logins.GetManyAsync(["a", "b", "missing"]);

        Assert.Equal(["a", "b", null], read.Select(l => l?.Id));
        double rearmed = DateTimeOffset.UtcNow.AddMinutes(29).ToUnixTimeMilliseconds();
        foreach (string id in new[] { "a", "b" })
        {
            Assert.InRange((await logins.GetTimeToLiveAsync(id))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
            Assert.True(await Database.SortedSetScoreAsync(Prefix + "auth:login#ids", id) > rearmed); // the equality index reads liveness from here
        }

        Assert.Equal(2, await logins.CountByUserAsync("ann"));
    }

    [Fact]
    public async Task Expired_entities_vanish_from_scan()
    {
        var earnings = new EarningsRepository(Context);
        await earnings.SaveAsync(new Earnings { Ticker = "GONE", ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(50) });
        await earnings.SaveAsync(new Earnings { Ticker = "KEPT", ExpiresAt = null });

        await Eventually.TrueAsync(async () => !await earnings.ExistsAsync("GONE"));

        var scanned = new List<string>();
        await foreach (Earnings e in earnings.ScanAsync())
        {
            scanned.Add(e.Ticker);
        }

        Assert.Equal(["KEPT"], scanned);
    }
}
