namespace RedisRepo.Scripts;

/// <summary>
/// The Lua scripts behind <see cref="Storage.EntityStore{T}"/>: one per write, so each write is
/// atomic and costs one round trip. Time comes from the server (TIME), never the client's clock.
/// <para>
/// Keys, relative to the model's meta prefix (see <see cref="Storage.KeyLayout"/>): <c>ids</c>
/// scores each id with its entity's expiry in Unix milliseconds (+inf when persistent), and so
/// does each equality index <c>idx:{index}:{value}</c>; an id is live while its score is not below
/// the server's time, as Redis keeps a key until its expiry time has passed. <c>uq:{index}</c> hashes unique values to ids; <c>rg:{index}</c> holds
/// order key + id members at score 0, read by lexicographic range. <c>rec</c> hashes each id to
/// the record of its index entries (JSON: e = equality keys, u = [key, value], r = [key, member]),
/// so a script can remove an entity from every index without reading its payload.
/// </para>
/// </summary>
internal static partial class StoreScripts
{
    private const string Now = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

        """;

    /// <summary>Removes an id from "all ids" and from every index its record names, then the record.</summary>
    private const string Purge = """
        local function purge(meta, records, all_ids, id)
          local text = redis.call('HGET', records, id)
          if text then
            local record = cjson.decode(text)
            for _, key in ipairs(record.e) do
              redis.call('ZREM', meta .. key, id)
            end
            for _, claim in ipairs(record.u) do
              if redis.call('HGET', meta .. claim[1], claim[2]) == id then
                redis.call('HDEL', meta .. claim[1], claim[2])
              end
            end
            for _, entry in ipairs(record.r) do
              redis.call('ZREM', meta .. entry[1], entry[2])
            end
            redis.call('HDEL', records, id)
          end
          redis.call('ZREM', all_ids, id)
        end

        """;

    /// <summary>Sets the expiry score of an id in "all ids" and its equality indexes (sliding expiry, sweep).</summary>
    private const string Rescore = """
        local function rescore(meta, records, all_ids, id, score)
          redis.call('ZADD', all_ids, 'XX', score, id)
          local text = redis.call('HGET', records, id)
          if text then
            for _, key in ipairs(cjson.decode(text).e) do
              redis.call('ZADD', meta .. key, 'XX', score, id)
            end
          end
        end

        """;

    /// <summary>
    /// Removes up to ARGV[3] expired ids, and their index entries, from the model's index keys.
    /// KEYS: all-ids, records. ARGV: meta prefix, entity prefix, limit. An id whose entity still
    /// exists (its expiry was changed by other means) is re-scored from the key's own time to
    /// live instead. Returns { ids removed, ids examined }: fewer examined than the limit means
    /// nothing expired is left.
    /// </summary>
    public static readonly RedisScript Sweep = new("sweep", Now + Purge + Rescore + """
        local meta, prefix, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
        local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('(%d', now), 'LIMIT', 0, limit)
        local removed = 0
        for _, id in ipairs(dead) do
          local left = redis.call('PTTL', prefix .. id)
          if left == -2 then
            purge(meta, KEYS[2], KEYS[1], id)
            removed = removed + 1
          else
            local score = left == -1 and '+inf' or string.format('%d', now + math.max(left, 1))
            rescore(meta, KEYS[2], KEYS[1], id, score)
          end
        end
        return { removed, #dead }
        """);

    /// <summary>KEYS: entity, all-ids, records. ARGV: key id, meta prefix. Returns 1 when the entity existed.</summary>
    public static readonly RedisScript Delete = new("delete", Purge + """
        local removed = redis.call('DEL', KEYS[1])
        purge(ARGV[2], KEYS[3], KEYS[2], ARGV[1])
        return removed
        """);

    /// <summary>KEYS: a sorted set scored by expiry (all-ids or an equality index). Returns the number of live ids.</summary>
    public static readonly RedisScript Count = new("count", Now + """
        return redis.call('ZCOUNT', KEYS[1], string.format('%d', now), '+inf')
        """);

    /// <summary>
    /// Reads an entity and re-arms its expiry (sliding TTL) in every index. KEYS: entity, all-ids,
    /// records. ARGV: key id, time to live in ms, meta prefix. Returns the payload or nil.
    /// </summary>
    public static readonly RedisScript GetAndTouch = new("get-touch", Now + Rescore + """
        local payload = redis.call('GET', KEYS[1])
        if payload then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          rescore(ARGV[3], KEYS[3], KEYS[2], ARGV[1], string.format('%d', now + tonumber(ARGV[2])))
        end
        return payload
        """);

    /// <summary>Releases a lock only if it still holds this caller's token. KEYS: lock. ARGV: token. Returns 1 when released.</summary>
    public static readonly RedisScript ReleaseLock = new("release-lock", """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """);

    /// <summary>
    /// Reads entities and re-arms the expiry of each one found (sliding TTL), in every index.
    /// KEYS: all-ids, records, then the entity keys. ARGV: time to live in ms, meta prefix, then
    /// the key ids. Returns the payloads in order (nil where missing).
    /// </summary>
    public static readonly RedisScript GetAndTouchMany = new("get-touch-many", Now + Rescore + """
        local ttl = tonumber(ARGV[1])
        local score = string.format('%d', now + ttl)
        local payloads = {}
        for i = 3, #KEYS do
          local payload = redis.call('GET', KEYS[i])
          if payload then
            redis.call('PEXPIRE', KEYS[i], ttl)
            rescore(ARGV[2], KEYS[2], KEYS[1], ARGV[i], score)
          end
          payloads[i - 2] = payload
        end
        return payloads
        """);

    /// <summary>
    /// Re-arms an entity's expiry in every index. KEYS: entity, all-ids, records. ARGV: key id,
    /// time to live in ms, meta prefix. Returns 1 when the entity exists.
    /// </summary>
    public static readonly RedisScript Touch = new("touch", Now + Rescore + """
        if redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 1 then
          rescore(ARGV[3], KEYS[3], KEYS[2], ARGV[1], string.format('%d', now + tonumber(ARGV[2])))
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
          if score == 'inf' or tonumber(score) >= now then
            local payload = redis.call('GET', ARGV[3] .. items[i])
            if payload then
              result[#result + 1] = items[i]
              result[#result + 1] = payload
            end
          end
        end
        return result
        """);

    private const string LiveRange = """
        local function live(id)
          local score = redis.call('ZSCORE', KEYS[2], id)
          return score and (score == 'inf' or tonumber(score) >= now)
        end

        local function each_member(visit)
          local offset, batch = 0, 256
          while true do
            local members
            if ARGV[3] == '1' then
              members = redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[1], 'BYLEX', 'REV', 'LIMIT', offset, batch)
            else
              members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'LIMIT', offset, batch)
            end
            if #members == 0 then
              return
            end
            offset = offset + #members
            for _, member in ipairs(members) do
              if not visit(member, string.sub(member, tonumber(ARGV[4]) + 1)) then
                return
              end
            end
          end
        end

        """;

    /// <summary>
    /// A page of a range index, live entities only. KEYS: range index, all-ids. ARGV: min bound,
    /// max bound (ZRANGE BYLEX syntax), descending ('1'/'0'), order key width, skip, take, entity
    /// prefix. Returns { member1, payload1, ... }.
    /// </summary>
    public static readonly RedisScript RangePage = new("range-page", Now + LiveRange + """
        local skip, take = tonumber(ARGV[5]), tonumber(ARGV[6])
        local result = {}
        if take <= 0 then
          return result
        end
        each_member(function(member, id)
          if live(id) then
            if skip > 0 then
              skip = skip - 1
            else
              local payload = redis.call('GET', ARGV[7] .. id)
              if payload then
                result[#result + 1] = member
                result[#result + 1] = payload
                take = take - 1
              end
            end
          end
          return take > 0
        end)
        return result
        """);

    /// <summary>Counts the live entities in a range. KEYS: range index, all-ids. ARGV: min, max, '0', order key width.</summary>
    public static readonly RedisScript RangeCount = new("range-count", Now + LiveRange + """
        local count = 0
        each_member(function(member, id)
          if live(id) then
            count = count + 1
          end
          return true
        end)
        return count
        """);

    /// <summary>
    /// Lazy repair after a read found an index entry that its entity does not back: removes it
    /// unless, by now, the entity exists and its record lists the entry (a concurrent save).
    /// KEYS: index key, records. ARGV: kind ('e' equality, 'u' unique, 'r' range), id, entity key,
    /// index suffix, unique value or range member. Returns 1 when it removed the entry.
    /// </summary>
    public static readonly RedisScript Repair = new("repair", """
        local kind, id = ARGV[1], ARGV[2]
        local function listed()
          if redis.call('EXISTS', ARGV[3]) == 0 then
            return false
          end
          local text = redis.call('HGET', KEYS[2], id)
          if not text then
            return false
          end
          local record = cjson.decode(text)
          if kind == 'e' then
            for _, key in ipairs(record.e) do
              if key == ARGV[4] then return true end
            end
          else
            for _, pair in ipairs(kind == 'u' and record.u or record.r) do
              if pair[1] == ARGV[4] and pair[2] == ARGV[5] then return true end
            end
          end
          return false
        end

        if listed() then
          return 0
        end
        if kind == 'e' then
          return redis.call('ZREM', KEYS[1], id)
        elseif kind == 'u' then
          if redis.call('HGET', KEYS[1], ARGV[5]) == id then
            return redis.call('HDEL', KEYS[1], ARGV[5])
          end
          return 0
        end
        return redis.call('ZREM', KEYS[1], ARGV[5])
        """);
}
