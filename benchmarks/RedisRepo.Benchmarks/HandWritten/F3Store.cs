using MessagePack;
using RedisRepo.Benchmarks.Model;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks.HandWritten;

/// <summary>
/// F3 of the issue "Save path at hand-written speed": one EVALSHA per entity with the guarantees
/// RedisRepo keeps on this model: HGET the entity's record of index values, ZREM the entries that
/// moved, SET PX, three ZADD scored by expiry (so readers and sweeps can tell expired ids), HSET
/// the record. What careful hand-written code with the same promises costs.
/// </summary>
public sealed class F3Store
{
    public const string Lua = """
        local id, ttl = ARGV[3], tonumber(ARGV[2])
        local old = redis.call('HGET', KEYS[5], id)
        if old then
          local sep = string.find(old, '\0', 1, true)
          local ticker, account = string.sub(old, 1, sep - 1), string.sub(old, sep + 1)
          if ticker ~= ARGV[4] then redis.call('ZREM', ARGV[6] .. 'ticker:' .. ticker, id) end
          if account ~= ARGV[5] then redis.call('ZREM', ARGV[6] .. 'account:' .. account, id) end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
        local t = redis.call('TIME')
        local score = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ttl
        redis.call('ZADD', KEYS[2], score, id)
        redis.call('ZADD', KEYS[3], score, id)
        redis.call('ZADD', KEYS[4], score, id)
        redis.call('HSET', KEYS[5], id, ARGV[4] .. '\0' .. ARGV[5])
        return 1
        """;

    private const long TimeToLive = 3_600_000;

    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly byte[] _sha;

    public F3Store(ConnectionMultiplexer connection, string prefix)
    {
        _database = connection.GetDatabase();
        _prefix = prefix;
        _sha = connection.GetServer(connection.GetEndPoints()[0]).ScriptLoad(Lua);
    }

    public Task SaveAsync(SavePosition position) => Start(position);

    public Task SaveManyAsync(IReadOnlyList<SavePosition> positions)
    {
        var saves = new Task[positions.Count];
        for (int i = 0; i < saves.Length; i++)
        {
            saves[i] = Start(positions[i]);
        }

        return Task.WhenAll(saves);
    }

    private Task<RedisResult> Start(SavePosition position) =>
        _database.ScriptEvaluateAsync(
            _sha,
            [_prefix + "pos:" + position.Id, _prefix + "ids", _prefix + "ticker:" + position.Ticker, _prefix + "account:" + position.AccountId, _prefix + "rec"],
            [MessagePackSerializer.Serialize(position), TimeToLive, position.Id, position.Ticker, position.AccountId, _prefix]);
}
