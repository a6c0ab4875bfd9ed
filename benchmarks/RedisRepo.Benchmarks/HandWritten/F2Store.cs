using MessagePack;
using RedisRepo.Benchmarks.Model;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks.HandWritten;

/// <summary>
/// F2 of the issue "Save path at hand-written speed": one EVALSHA per entity, SET EX and three
/// SADD (all ids, two equality sets), insert-only: an entity that changes its ticker stays in the
/// old set, expired entities stay in every set. The fastest atomic save there is; it keeps none
/// of RedisRepo's index promises.
/// </summary>
public sealed class F2Store
{
    public const string Lua = """
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[3])
        redis.call('SADD', KEYS[4], ARGV[3])
        return 1
        """;

    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly byte[] _sha;

    public F2Store(ConnectionMultiplexer connection, string prefix)
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
            [_prefix + "pos:" + position.Id, _prefix + "ids", _prefix + "ticker:" + position.Ticker, _prefix + "account:" + position.AccountId],
            [MessagePackSerializer.Serialize(position), 3600, position.Id]);
}
