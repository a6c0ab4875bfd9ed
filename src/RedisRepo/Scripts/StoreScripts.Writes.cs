namespace RedisRepo.Scripts;

/// <summary>
/// The write scripts: one entity (<see cref="Save"/>) or a batch of saves and deletes across
/// models (<see cref="Batch"/>). Both are built from the same Lua functions, so a save in a
/// batch checks and writes exactly what a single save does.
/// </summary>
internal static partial class StoreScripts
{
    /// <summary>
    /// Shared write functions. A unique value is taken only while its holder is live and its
    /// record still claims the value, so an expired holder or a hand-edited hash never blocks a
    /// save. A [Version] is read from the stored payload (a MessagePack map keyed by property
    /// name) with cmsgpack, so versions need no key of their own.
    /// </summary>
    private const string WriteFunctions = """
        local function claims(records, holder, key, value)
          local text = redis.call('HGET', records, holder)
          if not text then
            return false
          end
          for _, claim in ipairs(cjson.decode(text).u) do
            if claim[1] == key and claim[2] == value then
              return true
            end
          end
          return false
        end

        local function holder_of(meta, prefix, records, key, value, id)
          local holder = redis.call('HGET', meta .. key, value)
          if holder and holder ~= id and redis.call('EXISTS', prefix .. holder) == 1 and claims(records, holder, key, value) then
            return holder
          end
          return nil
        end

        local function version_of(entity_key, vname)
          local payload = redis.call('GET', entity_key)
          if not payload then
            return 0
          end
          return tonumber(cmsgpack.unpack(payload)[vname]) or 0
        end

        local function decode_entries(text)
          return text ~= '' and cjson.decode(text) or { e = {}, u = {}, r = {} }
        end

        -- Writes the entity and its index entries. Entries the entity's previous record names and
        -- the new one does not are removed; the rest are (re)added, so a save also heals an entry
        -- removed by hand. An unchanged record is not rewritten.
        local function write(entity_key, all_ids, records, meta, id, payload, ttl, entries, record_text)
          if ttl < 0 then
            purge(meta, records, all_ids, id)
            redis.call('DEL', entity_key)
            return
          end
          local old_text = redis.call('HGET', records, id)
          if old_text and old_text ~= record_text then
            local old, keep = cjson.decode(old_text), {}
            for _, key in ipairs(entries.e) do keep[key] = true end
            for _, key in ipairs(old.e) do
              if not keep[key] then redis.call('ZREM', meta .. key, id) end
            end
            keep = {}
            for _, claim in ipairs(entries.u) do keep[claim[1] .. '\n' .. claim[2]] = true end
            for _, claim in ipairs(old.u) do
              if not keep[claim[1] .. '\n' .. claim[2]] and redis.call('HGET', meta .. claim[1], claim[2]) == id then
                redis.call('HDEL', meta .. claim[1], claim[2])
              end
            end
            keep = {}
            for _, entry in ipairs(entries.r) do keep[entry[1] .. '\n' .. entry[2]] = true end
            for _, entry in ipairs(old.r) do
              if not keep[entry[1] .. '\n' .. entry[2]] then redis.call('ZREM', meta .. entry[1], entry[2]) end
            end
          end
          local score = '+inf'
          if ttl > 0 then
            redis.call('SET', entity_key, payload, 'PX', ttl)
            score = string.format('%d', now + ttl)
          else
            redis.call('SET', entity_key, payload)
          end
          redis.call('ZADD', all_ids, score, id)
          for _, key in ipairs(entries.e) do
            redis.call('ZADD', meta .. key, score, id)
          end
          for _, claim in ipairs(entries.u) do
            redis.call('HSET', meta .. claim[1], claim[2], id)
          end
          for _, entry in ipairs(entries.r) do
            redis.call('ZADD', meta .. entry[1], 0, entry[2])
          end
          if old_text ~= record_text then
            if record_text ~= '' then
              redis.call('HSET', records, id, record_text)
            elseif old_text then
              redis.call('HDEL', records, id)
            end
          end
        end

        local function prune(meta, prefix, records, all_ids)
          local dead = redis.call('ZRANGEBYSCORE', all_ids, '-inf', string.format('(%d', now), 'LIMIT', 0, 16)
          for _, expired in ipairs(dead) do
            if redis.call('EXISTS', prefix .. expired) == 0 then
              purge(meta, records, all_ids, expired)
            end
          end
        end

        """;

    /// <summary>
    /// KEYS: entity, all-ids, records. ARGV: payload, key id, time to live in ms (0 = persistent,
    /// negative = already expired: the entity is removed instead), meta prefix, entity prefix,
    /// index record ('' = none), version property ('' = none), expected version. Returns {1};
    /// {0, unique key, value, holder id} when a unique value is held by another live entity; or
    /// {2, stored version} when the stored version is not the expected one. Nothing is written
    /// unless it returns {1}. Also prunes up to 16 expired ids.
    /// </summary>
    public static readonly RedisScript Save = new("save", Now + Purge + WriteFunctions + """
        local id, meta, prefix, vname = ARGV[2], ARGV[4], ARGV[5], ARGV[7]
        local entries = decode_entries(ARGV[6])
        for _, claim in ipairs(entries.u) do
          local holder = holder_of(meta, prefix, KEYS[3], claim[1], claim[2], id)
          if holder then
            return { 0, claim[1], claim[2], holder }
          end
        end
        if vname ~= '' then
          local stored = version_of(KEYS[1], vname)
          if stored ~= tonumber(ARGV[8]) then
            return { 2, string.format('%d', stored) }
          end
        end
        write(KEYS[1], KEYS[2], KEYS[3], meta, id, ARGV[1], tonumber(ARGV[3]), entries, ARGV[6])
        prune(meta, prefix, KEYS[3], KEYS[2])
        return { 1 }
        """);

    /// <summary>The number of ARGV entries per operation of <see cref="Batch"/> (after ARGV[1]).</summary>
    public const int BatchArgsPerOperation = 9;

    /// <summary>
    /// Saves and deletes across models in one script call. KEYS: per operation entity, all-ids,
    /// records. ARGV[1]: '1' all or nothing, '0' each operation on its own; then per operation:
    /// kind ('s' save, 'd' delete), meta prefix, entity prefix, key id, payload, time to live,
    /// index record, version property, expected version (as for <see cref="Save"/>).
    /// Returns { applied (1/0), deleted count, then per failed operation: its 1-based number,
    /// 'u' with unique key, value, holder id, or 'v' with the stored version, '', '' }.
    /// All or nothing checks every operation first (seeing the batch's own earlier operations)
    /// and writes nothing when one fails; otherwise a failed operation is skipped.
    /// </summary>
    public static readonly RedisScript Batch = new("batch", Now + Purge + WriteFunctions + """
        local atomic = ARGV[1] == '1'
        local count = (#ARGV - 1) / 9
        local pending_claims, pending_records, pending_versions = {}, {}, {}

        local function op(i)
          local a, k = 1 + (i - 1) * 9, (i - 1) * 3
          local o = {
            kind = ARGV[a + 1], meta = ARGV[a + 2], prefix = ARGV[a + 3], id = ARGV[a + 4],
            payload = ARGV[a + 5], ttl = tonumber(ARGV[a + 6]), record = ARGV[a + 7],
            vname = ARGV[a + 8], expected = tonumber(ARGV[a + 9]),
            entity = KEYS[k + 1], all_ids = KEYS[k + 2], records = KEYS[k + 3],
          }
          if o.kind == 's' then
            o.entries = decode_entries(o.record)
          end
          return o
        end

        local function current_claims(o)
          local known = pending_records[o.records .. '\n' .. o.id]
          if known then
            return known
          end
          local text = redis.call('HGET', o.records, o.id)
          return text and cjson.decode(text).u or {}
        end

        -- Checks one operation against the stored state and, when all or nothing, the batch's
        -- earlier operations, whose effect on unique claims and versions it records. Returns nil
        -- or a failure.
        local function check(o)
          if atomic then
            for _, claim in ipairs(current_claims(o)) do
              pending_claims[o.meta .. claim[1] .. '\n' .. claim[2]] = false
            end
            if o.kind == 'd' then
              pending_records[o.records .. '\n' .. o.id] = {}
              pending_versions[o.entity] = 0
              return nil
            end
          elseif o.kind == 'd' then
            return nil
          end
          for _, claim in ipairs(o.entries.u) do
            local held = nil
            if atomic then
              held = pending_claims[o.meta .. claim[1] .. '\n' .. claim[2]]
            end
            local holder
            if held == nil then
              holder = holder_of(o.meta, o.prefix, o.records, claim[1], claim[2], o.id)
            elseif held and held ~= o.id then
              holder = held
            end
            if holder then
              return { 'u', claim[1], claim[2], holder }
            end
          end
          if o.vname ~= '' then
            local stored = atomic and pending_versions[o.entity] or nil
            if stored == nil then
              stored = version_of(o.entity, o.vname)
            end
            if stored ~= o.expected then
              return { 'v', string.format('%d', stored), '', '' }
            end
            if atomic then
              pending_versions[o.entity] = o.expected + 1
            end
          end
          if atomic then
            local claimed = o.ttl < 0 and {} or o.entries.u
            for _, claim in ipairs(claimed) do
              pending_claims[o.meta .. claim[1] .. '\n' .. claim[2]] = o.id
            end
            pending_records[o.records .. '\n' .. o.id] = claimed
          end
          return nil
        end

        local deleted = 0
        local touched = {}
        local function apply(o)
          if o.kind == 'd' then
            deleted = deleted + redis.call('DEL', o.entity)
            purge(o.meta, o.records, o.all_ids, o.id)
          else
            write(o.entity, o.all_ids, o.records, o.meta, o.id, o.payload, o.ttl, o.entries, o.record)
            touched[o.all_ids] = o
          end
        end

        local result = { 1, 0 }
        if atomic then
          local ops = {}
          for i = 1, count do
            ops[i] = op(i)
            local failure = check(ops[i])
            if failure then
              return { 0, 0, i, failure[1], failure[2], failure[3], failure[4] }
            end
          end
          for i = 1, count do
            apply(ops[i])
          end
        else
          for i = 1, count do
            local o = op(i)
            local failure = check(o)
            if failure then
              result[#result + 1] = i
              for _, part in ipairs(failure) do
                result[#result + 1] = part
              end
            else
              apply(o)
            end
          end
        end
        for _, o in pairs(touched) do
          prune(o.meta, o.prefix, o.records, o.all_ids)
        end
        result[2] = deleted
        return result
        """);
}
