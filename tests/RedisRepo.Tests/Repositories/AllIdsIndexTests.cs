using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Repositories;

/// <summary>The object + "all ids" index pattern: the generator keeps the index, the user never does.</summary>
public sealed class AllIdsIndexTests : RedisTest
{
    private PositionRepository Positions => new(Context);

    private RedisKey AllIds => Prefix + "finance:position#ids";

    [Fact]
    public async Task Save_records_the_id_in_the_all_ids_index_scored_by_its_expiry()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        await Positions.SaveAsync(new Position { Id = "p1" });

        double? score = await Database.SortedSetScoreAsync(AllIds, "p1");

        // Position lives 30 days: the score is the expiry time in Unix milliseconds.
        Assert.NotNull(score);
        double expected = before.AddDays(30).ToUnixTimeMilliseconds();
        Assert.InRange(score.Value, expected - 60_000, expected + 60_000);
    }

    [Fact]
    public async Task Persistent_models_score_their_ids_with_positive_infinity()
    {
        var devices = new DeviceRepository(Context);
        var id = Guid.NewGuid();

        await devices.SaveAsync(new Device { Id = id, Name = "probe" });

        Assert.Equal(double.PositiveInfinity, await Database.SortedSetScoreAsync(Prefix + "device#ids", id.ToString("D")));
    }

    [Fact]
    public async Task Delete_removes_the_id_from_the_index_and_leaves_no_key_behind()
    {
        await Positions.SaveAsync(new Position { Id = "p1" });
        await Positions.SaveAsync(new Position { Id = "p2" });

        await Positions.DeleteAsync("p1");

        Assert.Equal(["p2"], (await Database.SortedSetRangeByRankAsync(AllIds)).Select(v => (string)v!));
        await Positions.DeleteAsync("p2");
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Count_get_all_and_scan_see_exactly_the_saved_entities()
    {
        string[] ids = Enumerable.Range(0, 300).Select(i => $"p{i:D3}").ToArray();
        await Positions.SaveManyAsync(ids.Select(id => new Position { Id = id, Ticker = "T" + id }));
        await Positions.DeleteManyAsync(ids.Take(100));
        string[] expected = ids.Skip(100).ToArray();

        Assert.Equal(200, await Positions.CountAsync());
        Assert.Equal(expected, (await Positions.GetAllAsync()).Select(p => p.Id).Order(StringComparer.Ordinal));
        var scanned = new List<string>();
        await foreach (Position position in Positions.ScanAsync(pageSize: 16))
        {
            Assert.Equal("T" + position.Id, position.Ticker);
            scanned.Add(position.Id);
        }

        Assert.Equal(expected, scanned.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_all_skips_an_id_whose_entity_key_is_gone()
    {
        await Positions.SaveAsync(new Position { Id = "kept" });
        await Positions.SaveAsync(new Position { Id = "lost" });
        await Database.KeyDeleteAsync(Prefix + "finance:position:lost"); // e.g. evicted under memory pressure

        Assert.Equal(["kept"], (await Positions.GetAllAsync()).Select(p => p.Id));
    }

    [Fact]
    public async Task Empty_model_counts_zero_and_lists_nothing()
    {
        Assert.Equal(0, await Positions.CountAsync());
        Assert.Empty(await Positions.GetAllAsync());
        await foreach (Position _ in Positions.ScanAsync())
        {
            Assert.Fail("an empty model scanned an entity");
        }
    }

    [Fact]
    public async Task Models_sharing_a_literal_prefix_keep_separate_indexes()
    {
        var users = new TenantUserRepository(Context);
        var roles = new TenantRoleRepository(Context);

        await users.SaveAsync(new TenantUser { TenantId = "t1", Id = "u1" });
        await roles.SaveAsync(new TenantRole { TenantId = "t1", Id = "admin" });

        Assert.Equal(["u1"], (await users.GetAllAsync()).Select(u => u.Id));
        Assert.Equal(["admin"], (await roles.GetAllAsync()).Select(r => r.Id));
        Assert.Equal(
            ["auth:tenant#<TenantId>:role:<Id>#ids", "auth:tenant#<TenantId>:user:<Id>#ids", "auth:tenant:t1:role:admin", "auth:tenant:t1:user:u1"],
            await KeysAsync());
    }
}
