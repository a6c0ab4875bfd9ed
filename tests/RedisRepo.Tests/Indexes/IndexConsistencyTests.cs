using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Indexes;

/// <summary>
/// After any sequence of saves, updates, conflicting saves and deletes, the raw index keys hold
/// exactly what an in-memory model of the live entities says: no orphaned id, no empty key.
/// </summary>
public sealed class IndexConsistencyTests : RedisTest
{
    private const string Meta = "fund:holding#";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_writes_leave_exactly_the_expected_index_keys(int seed)
    {
        var holdings = new HoldingRepository(Context);
        var random = new Random(seed);
        var expected = new Dictionary<string, Holding>();
        string[] tickers = ["AAPL", "MSFT", "VOD.L", "BRK:B"];
        string?[] isins = ["I1", "I2", "I3", "I4", "I5", null];

        for (int step = 0; step < 400; step++)
        {
            string id = "h" + random.Next(25);
            if (random.Next(5) == 0)
            {
                Assert.Equal(expected.Remove(id), await holdings.DeleteAsync(id));
                continue;
            }

            var holding = new Holding
            {
                Id = id,
                Ticker = tickers[random.Next(tickers.Length)],
                Status = (HoldingStatus)random.Next(3),
                AccountId = random.Next(3) == 0 ? null : "acc-" + random.Next(3),
                Isin = isins[random.Next(isins.Length)],
                Quantity = random.Next(-50, 50) / 4m,
                Sequence = random.NextInt64(),
            };
            bool conflict = holding.Isin is not null && expected.Values.Any(h => h.Isin == holding.Isin && h.Id != id);
            if (conflict)
            {
                await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => holdings.SaveAsync(holding));
            }
            else
            {
                await holdings.SaveAsync(holding);
                expected[id] = holding;
            }
        }

        await AssertIndexKeysAsync(expected.Values);

        foreach (string ticker in tickers)
        {
            Assert.Equal(
                expected.Values.Where(h => h.Ticker == ticker).Select(h => h.Id).Order(StringComparer.Ordinal),
                (await holdings.FindByTickerAsync(ticker)).Select(h => h.Id).Order(StringComparer.Ordinal));
        }

        Assert.Equal(
            expected.Values.OrderBy(h => h.Quantity).ThenBy(h => h.Id, StringComparer.Ordinal).Select(h => h.Id),
            (await holdings.FindByQuantityBetweenAsync(-100m, 100m, take: 100)).Select(h => h.Id));
    }

    /// <summary>Compares every key of the model, and each index key's members, with what the live entities imply.</summary>
    private async Task AssertIndexKeysAsync(IEnumerable<Holding> live)
    {
        var members = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string key, string member)
        {
            if (!members.TryGetValue(key, out var set))
            {
                members[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(member);
        }

        foreach (Holding h in live)
        {
            Add("fund:holding:" + h.Id, "(entity)");
            Add(Meta + "ids", h.Id);
            Add(Meta + "rec", h.Id);
            Add(Meta + "eq:Ticker", IndexKeys.EqualityMember(h.Ticker, h.Id));
            Add(Meta + "eq:Status", IndexKeys.EqualityMember(((int)h.Status).ToString(System.Globalization.CultureInfo.InvariantCulture), h.Id));
            Add(Meta + "eq:Hedged", IndexKeys.EqualityMember("false", h.Id));
            Add(Meta + "eq:TradeDate", IndexKeys.EqualityMember("0", h.Id));
            Add(Meta + "eq:SettledAt", IndexKeys.EqualityMember("0", h.Id));
            Add(Meta + "eq:Exchange", IndexKeys.EqualityMember(h.Exchange, h.Id));
            Add(Meta + "eq:Quantity", IndexKeys.EqualityMember(IndexValues.Equality(h.Quantity), h.Id)); // canonical: 2.50 is "2.5"
            if (h.AccountId is not null)
            {
                Add(Meta + "eq:account", IndexKeys.EqualityMember(h.AccountId, h.Id));
            }

            if (h.Isin is not null)
            {
                Add(Meta + "uq:isin", h.Isin + "=" + h.Id);
            }

            foreach (string range in new[] { "TradeDate", "Quantity", "Sequence", "Price" })
            {
                Add(Meta + "rg:" + range, h.Id);
            }
        }

        Assert.Equal(members.Keys, await KeysAsync());
        foreach ((string key, SortedSet<string> expected) in members)
        {
            Assert.Equal(expected, await MembersAsync(key));
        }
    }

    /// <summary>The members of a raw key, as comparable text: ids of sorted sets (range members without their order key), hash fields.</summary>
    private async Task<SortedSet<string>> MembersAsync(string key)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        RedisKey redisKey = Prefix + key;
        switch (await Database.KeyTypeAsync(redisKey))
        {
            case RedisType.String:
                result.Add("(entity)");
                break;
            case RedisType.Hash when key.EndsWith("#rec", StringComparison.Ordinal):
                foreach (RedisValue field in await Database.HashKeysAsync(redisKey))
                {
                    result.Add(field!);
                }

                break;
            case RedisType.Hash:
                foreach (HashEntry entry in await Database.HashGetAllAsync(redisKey))
                {
                    result.Add($"{entry.Name}={entry.Value}");
                }

                break;
            case RedisType.SortedSet when key.Contains("#rg:", StringComparison.Ordinal):
                int width = key.EndsWith("Quantity", StringComparison.Ordinal) ? 58 : 16;
                foreach (RedisValue member in await Database.SortedSetRangeByRankAsync(redisKey))
                {
                    result.Add(((string)member!)[width..]);
                }

                break;
            case RedisType.SortedSet:
                foreach (RedisValue member in await Database.SortedSetRangeByRankAsync(redisKey))
                {
                    result.Add(member!);
                }

                break;
            default:
                Assert.Fail($"unexpected key {key}");
                break;
        }

        return result;
    }
}
