using RedisRepo.Scripts;
using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Scripts;

/// <summary>
/// The script contract: every script loads with every constant resolved, and every key a script
/// touches is one it declares in KEYS. The second is checked by running the operations as a Redis
/// ACL user whose key patterns allow only the keys the call declares: any other key is NOPERM.
/// </summary>
public sealed class ScriptContractTests : RedisTest
{
    private const string Meta = "fund:holding#";

    [Fact]
    public async Task Every_script_loads_with_every_constant_resolved()
    {
        Assert.Equal(17, ScriptLibrary.All.Count);
        foreach (RedisScript script in ScriptLibrary.All)
        {
            Assert.DoesNotContain("{{", script.Lua);
            Assert.DoesNotContain(script.Lua.Split('\n'), line => line.StartsWith("--@include", StringComparison.Ordinal));
            Assert.Contains("local STATUS_OK = 0", script.Lua);
            Assert.Equal(40, ((string)(await Database.ExecuteAsync("SCRIPT", "LOAD", script.Lua))!).Length);
        }
    }

    [Fact]
    public async Task Writes_touch_no_entity_key_but_the_ones_they_write()
    {
        var admin = new HoldingRepository(Context);
        await admin.SaveManyAsync([new Holding { Id = "holder", Isin = "I1" }, new Holding { Id = "other", Ticker = "A" }]);
        await using ConnectionMultiplexer restricted = await RestrictedAsync("~" + KeyLayout.Escape(Prefix + Meta) + "*", "~" + KeyLayout.Escape(Prefix + "fund:holding:h1"));
        var holdings = new HoldingRepository(new RedisRepoContext(restricted, Prefix));

        await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => holdings.SaveAsync(new Holding { Id = "h1", Isin = "I1" })); // checks the holder by its record, not its key
        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "A", Isin = "I2", Sequence = 1 });
        await holdings.SaveAsync(new Holding { Id = "h1", Ticker = "B", Isin = "I3", Sequence = 2 });
        RedisBatch batch = new RedisRepoContext(restricted, Prefix).CreateBatch(atomic: true);
        holdings.Save(batch, new Holding { Id = "h1", Ticker = "C" });
        await batch.ExecuteAsync();
        Assert.True(await holdings.DeleteAsync("h1"));

        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
    }

    [Fact]
    public async Task Index_and_id_reads_read_no_entity_key_inside_a_script()
    {
        var admin = new HoldingRepository(Context);
        await admin.SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Holding { Id = "h" + i, Ticker = "A", Sequence = i }));
        await using ConnectionMultiplexer restricted = await RestrictedAsync("~" + KeyLayout.Escape(Prefix + Meta) + "*"); // index keys only, no entity key
        IDatabase database = restricted.GetDatabase();
        RedisKey ids = Prefix + Meta + "ids";

        Assert.Equal(20, await CountLiveScript.RunAsync(database, ids, "Holding", "test"));
        Assert.Equal(20, (await LiveIdsScript.RunAsync(database, ids, "Holding", "test")).Length);
        Assert.Equal(20, (await ScanIdsScript.RunAsync(database, ids, "0", 100, "Holding", "test")).Ids.Length);
        Assert.Empty(await ExpiredIdsScript.RunAsync(database, ids, 10, "Holding", "test"));
        byte[] prefix = System.Text.Encoding.UTF8.GetBytes(IndexKeys.EqualityPrefix("A"));
        Assert.Equal(20, await IndexIdsScript.CountAsync(database, Prefix + Meta + "eq:Ticker", ids, (byte[])[(byte)'[', .. prefix], (byte[])[(byte)'[', .. prefix, 0xFF], prefix.Length, "Holding", "test"));
        Assert.Equal(5, (await IndexIdsScript.MembersAsync(database, Prefix + Meta + "rg:Sequence", ids, "-", "+", false, 16, 3, 5, "Holding", "test")).Length);
        QueryScript.Condition ticker = new(Prefix + Meta + "eq:Ticker", "eq:Ticker", ScriptProtocol.SlotEquality, 0, [new((byte[])[(byte)'[', .. prefix], (byte[])[(byte)'[', .. prefix, 0xFF], IndexKeys.EqualityPrefix("A"), "", false, false)]);
        QueryScript.Condition sequence = new(Prefix + Meta + "rg:Sequence", "rg:Sequence", ScriptProtocol.SlotRange, 16, [new("-", "+", "", "", false, false)]);
        QueryScript.Slice slice = await QueryScript.RunAsync(database, ids, Prefix + Meta + "rec", [[ticker, sequence]], counting: false, 100, false, QueryScript.Cursor.Start, "Holding", "test");
        Assert.Equal(20, slice.Matches.Count); // query.lua reads indexes and records only
    }

    [Fact]
    public async Task Maintenance_touches_only_the_entity_keys_it_declares()
    {
        var leases = new LeaseRepository(Context);
        await leases.SaveManyAsync(Enumerable.Range(0, 6).Select(i => new Lease { Id = "l" + i, Resource = "r" + i, Owner = "o", Duration = i < 3 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromHours(1) }));
        await Eventually.TrueAsync(async () => await leases.CountAsync() == 3);
        string[] expired = ["l0", "l1", "l2"];
        await using ConnectionMultiplexer restricted = await RestrictedAsync(
            ["~" + KeyLayout.Escape(Prefix + "fund:lease#") + "*", .. expired.Select(id => "~" + KeyLayout.Escape(Prefix + "fund:lease:" + id))]);

        long swept = await new LeaseRepository(new RedisRepoContext(restricted, Prefix)).SweepExpiredAsync();

        Assert.Equal(3, swept);
        await IndexConsistency.AssertAsync(Database, Prefix, LeaseRepository.Description);
    }

    /// <summary>A connection as a new ACL user allowed every command, but only keys matching <paramref name="keyPatterns"/>.</summary>
    private async Task<ConnectionMultiplexer> RestrictedAsync(params string[] keyPatterns)
    {
        string user = "contract-" + Guid.NewGuid().ToString("N");
        await Database.ExecuteAsync("ACL", ["SETUSER", user, "on", ">secret", "resetkeys", .. keyPatterns, "+@all"]);
        var options = ConfigurationOptions.Parse(RedisServer.Configuration);
        options.User = user;
        options.Password = "secret";
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
