using MessagePack;
using RedisRepo.Benchmarks.Model;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks.HandWritten;

/// <summary>
/// The naive pattern RedisRepo replaces: one awaited command at a time, index sets updated by
/// hand (and never cleaned on update), reads of an index as one GET per id (N+1).
/// </summary>
public sealed class NaiveStore(ConnectionMultiplexer connection, string prefix)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromHours(1);

    private readonly IDatabase _database = connection.GetDatabase();

    public async Task SaveAsync(BenchPosition position)
    {
        await _database.StringSetAsync(prefix + "pos:" + position.Id, MessagePackSerializer.Serialize(position), TimeToLive);
        await _database.SetAddAsync(prefix + "ids", position.Id);
        await _database.SetAddAsync(prefix + "ticker:" + position.Ticker, position.Id);
        await _database.SetAddAsync(prefix + "account:" + position.AccountId, position.Id);
        await _database.HashSetAsync(prefix + "ref", position.Reference, position.Id);
        await _database.SortedSetAddAsync(prefix + "price", position.Id, (double)position.Price);
    }

    public async Task SaveManyAsync(IEnumerable<BenchPosition> positions)
    {
        foreach (BenchPosition position in positions)
        {
            await SaveAsync(position);
        }
    }

    public async Task<BenchPosition?> GetAsync(string id)
    {
        RedisValue payload = await _database.StringGetAsync(prefix + "pos:" + id);
        return payload.IsNull ? null : MessagePackSerializer.Deserialize<BenchPosition>((ReadOnlyMemory<byte>)payload);
    }

    public async Task<List<BenchPosition>> GetAllAsync() => await ReadEachAsync(await _database.SetMembersAsync(prefix + "ids"));

    public async Task<List<BenchPosition>> FindByTickerAsync(string ticker) => await ReadEachAsync(await _database.SetMembersAsync(prefix + "ticker:" + ticker));

    public async Task<BenchPosition?> GetByReferenceAsync(string reference)
    {
        RedisValue id = await _database.HashGetAsync(prefix + "ref", reference);
        return id.IsNull ? null : await GetAsync(id!);
    }

    public async Task<List<BenchPosition>> FindByPriceBetweenAsync(decimal min, decimal max, int take) =>
        await ReadEachAsync(await _database.SortedSetRangeByScoreAsync(prefix + "price", (double)min, (double)max, skip: 0, take: take));

    private async Task<List<BenchPosition>> ReadEachAsync(RedisValue[] ids)
    {
        var found = new List<BenchPosition>(ids.Length);
        foreach (RedisValue id in ids)
        {
            if (await GetAsync(id!) is { } position)
            {
                found.Add(position);
            }
        }

        return found;
    }
}
