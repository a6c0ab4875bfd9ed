namespace RedisRepo.Scripts;

/// <summary>
/// The Lua scripts behind <see cref="Storage.EntityStore{T}"/>: one per write, so each write is
/// atomic and costs one round trip. Time comes from the server (TIME), never the client's clock.
/// The "all ids" sorted set scores each id with its entity's expiry in Unix milliseconds
/// (+inf when persistent): an id is live while its score is greater than the server's time.
/// </summary>
internal static class StoreScripts
{
    private const string Now = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        """;

    /// <summary>
    /// KEYS: entity, all-ids. ARGV: payload, key id, time to live in ms (0 = persistent,
    /// negative = already expired: the entity is removed instead). Also prunes up to 16 expired ids.
    /// </summary>
    public static readonly RedisScript Save = new("save", Now + """

        local ttl = tonumber(ARGV[3])
        if ttl < 0 then
          redis.call('DEL', KEYS[1])
          redis.call('ZREM', KEYS[2], ARGV[2])
          return 0
        end
        if ttl > 0 then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
          redis.call('ZADD', KEYS[2], string.format('%d', now + ttl), ARGV[2])
        else
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('ZADD', KEYS[2], '+inf', ARGV[2])
        end
        local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now), 'LIMIT', 0, 16)
        if #dead > 0 then
          redis.call('ZREM', KEYS[2], unpack(dead))
        end
        return 1
        """);

    /// <summary>KEYS: entity, all-ids. ARGV: key id. Returns 1 when the entity existed.</summary>
    public static readonly RedisScript Delete = new("delete", """
        local removed = redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return removed
        """);

    /// <summary>KEYS: all-ids. Returns the number of live ids.</summary>
    public static readonly RedisScript Count = new("count", Now + """

        return redis.call('ZCOUNT', KEYS[1], string.format('(%d', now), '+inf')
        """);

    /// <summary>
    /// Reads an entity and re-arms its expiry (sliding TTL). KEYS: entity, all-ids.
    /// ARGV: key id, time to live in ms. Returns the payload or nil.
    /// </summary>
    public static readonly RedisScript GetAndTouch = new("get-touch", Now + """

        local payload = redis.call('GET', KEYS[1])
        if payload then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          redis.call('ZADD', KEYS[2], 'XX', string.format('%d', now + tonumber(ARGV[2])), ARGV[1])
        end
        return payload
        """);

    /// <summary>
    /// Re-arms an entity's expiry. KEYS: entity, all-ids. ARGV: key id, time to live in ms.
    /// Returns 1 when the entity exists.
    /// </summary>
    public static readonly RedisScript Touch = new("touch", Now + """

        if redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 1 then
          redis.call('ZADD', KEYS[2], 'XX', string.format('%d', now + tonumber(ARGV[2])), ARGV[1])
          return 1
        end
        return 0
        """);

    /// <summary>
    /// One page of a scan: ZSCAN over the all-ids set, then GET of each live entity.
    /// KEYS: all-ids. ARGV: cursor, page size hint, entity key prefix.
    /// Returns { next cursor, id1, payload1, id2, payload2, ... }. The entity keys are derived
    /// from the ids inside the script, which standalone Redis allows (Redis Cluster will need
    /// hash tags).
    /// </summary>
    public static readonly RedisScript ScanPage = new("scan-page", Now + """

        local page = redis.call('ZSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
        local result = { page[1] }
        local items = page[2]
        for i = 1, #items, 2 do
          local score = items[i + 1]
          if score == 'inf' or tonumber(score) > now then
            local payload = redis.call('GET', ARGV[3] .. items[i])
            if payload then
              result[#result + 1] = items[i]
              result[#result + 1] = payload
            end
          end
        end
        return result
        """);
}
