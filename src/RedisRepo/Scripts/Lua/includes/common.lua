-- common.lua: functions every RedisRepo script shares. The loader (Scripts/LuaSource.cs) puts
-- this file where a script says "--@include common.lua" and replaces each constant name written in double
-- braces with the constant of that name in Scripts/ScriptProtocol.cs, so C# and Lua share one definition.
--
-- Reply envelope of every script: { STATUS_OK, ...results } or
-- { STATUS_FAILED, code, detail1, detail2, detail3 } (see fail below).

local STATUS_OK = {{STATUS_OK}}
local STATUS_FAILED = {{STATUS_FAILED}}

-- A failure record: a FAIL_* code and three details (always three, '' when unused).
local function failure(code, a, b, c)
  return { code, a or '', b or '', c or '' }
end

-- Appends one failed item (an operation's number, an entity's id) and its failure to a reply
-- that counts its failures at result[count].
local function add_failure(result, count, item, f)
  result[count] = result[count] + 1
  result[#result + 1] = item
  for _, part in ipairs(f) do
    result[#result + 1] = part
  end
end

-- Appends every element of every row (a list of lists) to a reply, row after row.
local function add_rows(result, rows)
  for _, row in ipairs(rows) do
    for _, part in ipairs(row) do
      result[#result + 1] = part
    end
  end
end

-- The whole reply of a script that failed before writing anything.
local function fail(f)
  return { STATUS_FAILED, f[1], f[2], f[3], f[4] }
end

-- The server's time in Unix milliseconds. Liveness is decided by this clock only.
local function server_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Whether an expiry score (Unix ms, or 'inf' for persistent) is live at now: Redis keeps a
-- key until its expiry time has passed, so an entity expiring at now is still live.
local function is_live(score, now)
  if not score then
    return false
  end
  if score == 'inf' then
    return true
  end
  return tonumber(score) >= now
end

-- The expiry score of an entity that lives ttl ms from now (0: persistent).
local function expiry_score(ttl, now)
  if ttl > 0 then
    return string.format('%d', now + ttl)
  end
  return '+inf'
end

-- A failure when key holds another Redis type than expected ('none', absent, is fine).
local function check_type(key, expected)
  local actual = redis.call('TYPE', key).ok
  if actual ~= 'none' and actual ~= expected then
    return failure({{FAIL_WRONG_TYPE}}, key, actual, expected)
  end
  return nil
end

-- The Redis type of an index slot's key.
local function slot_type(kind)
  if kind == {{SLOT_UNIQUE}} or kind == {{SLOT_GLOBAL_UNIQUE}} then
    return 'hash'
  end
  return 'zset'
end

-- A per-entity record (a field of the model's records hash): a MessagePack array
-- { version, name1, member1, name2, member2, ... }, version '' for unversioned models, one
-- name/member pair per index entry (name: the index key's suffix, e.g. eq:Ticker; member:
-- the sorted-set member, or the unique value). Returns the array, nil when text is nil (no
-- record), or false when text is not a record.
local function decode_record(text)
  if not text then
    return nil
  end
  local ok, record = pcall(cmsgpack.unpack, text)
  if not ok or type(record) ~= 'table' or #record % 2 ~= 1 then
    return false
  end
  for i = 1, #record do
    if type(record[i]) ~= 'string' then
      return false
    end
  end
  return record
end

local function encode_record(version, entries)
  local record = { version }
  for _, entry in ipairs(entries) do
    record[#record + 1] = entry.slot.name
    record[#record + 1] = entry.member
  end
  return cmsgpack.pack(record)
end

-- Whether a record lists the entry name/member.
local function lists(record, name, member)
  for i = 2, #record, 2 do
    if record[i] == name and record[i + 1] == member then
      return true
    end
  end
  return false
end

-- Reads the index slots of one model from ARGV at a: a count, then per slot its kind and
-- name; their keys are KEYS[k], KEYS[k + 1], ... Returns the slots (also by name) and the
-- next ARGV position.
local function read_slots(a, k)
  local slots = { by_name = {} }
  local count = tonumber(ARGV[a])
  local p = a + 1
  for s = 1, count do
    local slot = { kind = ARGV[p], name = ARGV[p + 1], key = KEYS[k + s - 1] }
    slots[s] = slot
    slots.by_name[slot.name] = slot
    p = p + {{ARGS_PER_SLOT}}
  end
  return slots, p
end

-- A failure when any slot's key holds the wrong Redis type, by check (check_type unless given, e.g. a
-- per-call memo of it).
local function check_slots(slots, check)
  check = check or check_type
  for _, slot in ipairs(slots) do
    local f = check(slot.key, slot_type(slot.kind))
    if f then
      return f
    end
  end
  return nil
end

-- The model's keys of a maintenance script: KEYS[1] all-ids, KEYS[2] records, then one key per
-- index slot (the slots read from ARGV at a). Returns all-ids, records, the slots, the position
-- of the first KEYS after them, the next ARGV position, and a failure when a key has the wrong type.
local function read_model_keys(a)
  local slots, p = read_slots(a, 3)
  local f = check_type(KEYS[1], 'zset') or check_type(KEYS[2], 'hash') or check_slots(slots)
  return KEYS[1], KEYS[2], slots, 3 + #slots, p, f
end

-- Removes one index entry of id, if it is still there (a global unique entry lives in the
-- record only: its claim is released by the caller, in the value's bucket).
local function remove_entry(slot, id, member)
  if slot.kind == {{SLOT_GLOBAL_UNIQUE}} then
    return
  end
  if slot.kind == {{SLOT_UNIQUE}} then
    if redis.call('HGET', slot.key, member) == id then
      redis.call('HDEL', slot.key, member)
    end
  else
    redis.call('ZREM', slot.key, member)
  end
end

local function add_entry(slot, id, member)
  if slot.kind == {{SLOT_GLOBAL_UNIQUE}} then
    return
  end
  if slot.kind == {{SLOT_UNIQUE}} then
    redis.call('HSET', slot.key, member, id)
  else
    redis.call('ZADD', slot.key, 0, member)
  end
end

-- Removes the entries a record names from the declared slots, except those keep (name ->
-- member) holds. An entry of an index the model no longer declares is left alone: only
-- declared keys are touched.
local function remove_entries(record, slots, id, keep)
  for i = 2, #record, 2 do
    local slot = slots.by_name[record[i]]
    if slot and not (keep and keep[record[i]] == record[i + 1]) then
      remove_entry(slot, id, record[i + 1])
    end
  end
end

-- Removes id from "all ids", from every index its record names, and its record.
local function purge(ids, records, slots, id, record)
  if record then
    remove_entries(record, slots, id, nil)
  end
  redis.call('HDEL', records, id)
  redis.call('ZREM', ids, id)
end

-- Whether holder holds the unique value: it is live in "all ids" and its record lists the
-- claim. A missing or unreadable record counts as holding (its entity may still exist: an
-- evicted record never frees a value).
local function holds(ids, records, holder, name, value, now)
  if not is_live(redis.call('ZSCORE', ids, holder), now) then
    return false
  end
  local record = decode_record(redis.call('HGET', records, holder))
  if not record then
    return true
  end
  return lists(record, name, value)
end
