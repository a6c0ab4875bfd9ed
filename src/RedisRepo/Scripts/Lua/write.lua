-- write.lua: saves and deletes, of one or several models, all-or-nothing or each on its own.
-- Contract: Scripts/WriteScript.cs. Every key is in KEYS; nothing is written before every
-- check of an operation (all-or-nothing: of every operation) has passed. Each on its own, the
-- last check of a save is its first write: SET ... GET, which refuses an entity key of another
-- type without writing (set_entity).
--
-- KEYS, per operation: entity, all-ids, records, then one key per index slot of its model; only
-- the entity when the operation says SAME_LAYOUT (the previous operation's model and bucket).
-- ARGV[1]: MODE_ATOMIC, MODE_EACH or MODE_SEQUENCE. MODE_SEQUENCE is each on its own, as chunk
-- ARGV[2] (from 1) of a sequence whose chunks must apply in the order sent; ARGV[3] is
-- SEQUENCE_LAST for its last chunk, and KEYS[1] is the sequence key (a string: how many of its
-- chunks are applied; deleted by the last chunk, expiring SEQUENCE_TTL_MS after the latest). A chunk
-- whose predecessor is not applied writes nothing and fails the call with FAIL_OUT_OF_SEQUENCE
-- (sequence key, chunks applied, its number), so a chunk retried after NOSCRIPT can never be
-- overtaken by a later one. The operations' KEYS and ARGV follow. Then per operation:
--   kind (OP_SAVE / OP_DELETE), key id, payload, time to live in ms (0 persistent, negative:
--   already expired, the entity is removed), expected version ('' unversioned), next version,
--   number of entries, then the slots (a count, then per slot: kind, name; or SAME_LAYOUT), then per entry:
--   slot number, member (unique: the value).
-- Returns { STATUS_OK, deleted entities, number of failures, then per failed operation: its
-- number, code, three details; then per global unique entry an applied operation dropped: its
-- number, slot name, member }. All-or-nothing: a failure means nothing was written. Each on its
-- own: the failed operations wrote nothing, the others were applied. Outside a sequence, a call
-- where nothing failed and nothing was dropped (the common case) returns the deleted count alone,
-- a bare integer.
-- A SLOT_GLOBAL_UNIQUE slot (a sharded model's unique index, whose claims live in the value's
-- bucket, see claim.lua) is kept in the record only: its key is not touched, and the entries a
-- write drops are returned so the caller can release their claims.
--
-- Failures: FAIL_WRONG_TYPE (key, actual type, expected type), FAIL_CORRUPT_RECORD (records
-- key, id), FAIL_MISSING_RECORD (entity key: a versioned entity without its record),
-- FAIL_VERSION_MISMATCH (stored version), FAIL_UNIQUE_CONFLICT (index name, value, holder).
-- A sequence's chunk out of order is the one failure of the whole call: { STATUS_FAILED, ... }.

--@include common.lua

local now = server_now()
local atomic = ARGV[1] == {{MODE_ATOMIC}}
local sequence = nil -- { key, number, last } for a chunk of a sequence
if ARGV[1] == {{MODE_SEQUENCE}} then
  sequence = { key = KEYS[1], number = tonumber(ARGV[2]), last = ARGV[3] == {{SEQUENCE_LAST}} }
  local f = check_type(sequence.key, 'string')
  if f then
    return fail(f)
  end
  local applied = redis.call('GET', sequence.key) or '0'
  if tonumber(applied) ~= sequence.number - 1 then
    return fail(failure({{FAIL_OUT_OF_SEQUENCE}}, sequence.key, applied, ARGV[2]))
  end
end

-- The slots of a model's bucket, read once per layout (operations of the same layout share
-- the table): also whether any is a unique index (checked per operation) and, once this call
-- has checked their keys' types, checked = true.
local function read_layout(a, k)
  local slots, p = read_slots(a, k)
  slots.unique, slots.checked = false, false
  for _, slot in ipairs(slots) do
    if slot.kind == {{SLOT_UNIQUE}} then
      slots.unique = true
    end
  end
  return slots, p
end

local function read_operation(a, k, previous)
  local ttl, expected = tonumber(ARGV[a + 3]), ARGV[a + 4]
  -- Every field in the constructor, so the table is sized once; 16 fields, the most a hash part
  -- of 16 nodes holds (record, record_text and encoded are set by check).
  local o = {
    kind = ARGV[a], id = ARGV[a + 1], payload = ARGV[a + 2], ttl = ttl,
    expected = expected, next_version = ARGV[a + 5], entity = KEYS[k],
    ids = false, records = false, slots = false, entries = {},
    versioned = expected ~= '', saves = ARGV[a] == {{OP_SAVE}} and ttl >= 0,
    record = false, record_text = false, encoded = false,
  }
  local entry_count = tonumber(ARGV[a + 6])
  local p, next_k
  if ARGV[a + {{OPERATION_HEADER_ARGS}}] == {{SAME_LAYOUT}} and previous then
    -- The previous operation's model and bucket: its keys are not repeated.
    o.ids, o.records, o.slots = previous.ids, previous.records, previous.slots
    p, next_k = a + {{OPERATION_HEADER_ARGS}} + 1, k + 1
  else
    o.ids, o.records = KEYS[k + 1], KEYS[k + 2]
    o.slots, p = read_layout(a + {{OPERATION_HEADER_ARGS}}, k + {{KEYS_PER_OPERATION}})
    next_k = k + {{KEYS_PER_OPERATION}} + #o.slots
  end
  local slots, entries = o.slots, o.entries
  for e = 1, entry_count do
    entries[e] = { slot = slots[tonumber(ARGV[p])], member = ARGV[p + 1] }
    p = p + {{ARGS_PER_ENTRY}}
  end
  return o, p, next_k
end

-- Whether an operation's entity has a record: it is versioned, or its model has indexes.
local function keeps_record(o)
  return o.versioned or o.slots[1] ~= nil
end

-- What the batch's earlier operations did (all-or-nothing only), seen by later checks.
local pending_claims, pending_versions = {}, {}

-- Keys whose type this call has already checked: a chunk's operations share their model's
-- all-ids, records and index keys, so each is checked once per call (this script writes every
-- key only with the type it checked, so a checked type cannot change before the call ends).
local checked = {}

local function check_once(key, expected)
  if checked[key] then
    return nil
  end
  local f = check_type(key, expected)
  if not f then
    checked[key] = true
  end
  return f
end

-- Each on its own, a save's entity key is checked by the save's first write instead: SET ... GET
-- refuses a key of another type and writes nothing (see apply).
local function check_keys(o)
  local f = (atomic or not o.saves) and check_type(o.entity, 'string')
  if f then
    return f
  end
  local slots = o.slots
  if slots.checked then -- an earlier operation of this layout passed
    return nil
  end
  f = check_once(o.ids, 'zset') or check_once(o.records, 'hash') or check_slots(slots, check_once)
  slots.checked = not f
  return f
end

-- The name -> member of the entries a save keeps.
local function kept(o)
  local keep = {}
  for _, entry in ipairs(o.entries) do
    keep[entry.slot.name] = entry.member
  end
  return keep
end

-- The stored record, nil when none; a failure when it is unreadable. Each on its own, an
-- unversioned save whose stored record is the one it will write (no index value moved: most
-- updates) needs nothing from it, so it is not decoded and the record stays nil.
local function stored_record(o)
  local text = redis.call('HGET', o.records, o.id)
  o.record_text = text
  if text and not atomic and o.saves and not o.versioned and keeps_record(o) then
    o.encoded = encode_record('', o.entries)
    if o.encoded == text then
      return nil, nil
    end
  end
  local record = decode_record(text)
  if record == false then
    return nil, failure({{FAIL_CORRUPT_RECORD}}, o.records, o.id)
  end
  return record, nil
end

local function stored_version(o, record)
  local pending = pending_versions[o.entity]
  if pending then
    return pending
  end
  if redis.call('EXISTS', o.entity) == 0 then
    return '0'
  end
  if not record then
    return nil
  end
  return record[1] == '' and '0' or record[1]
end

local function claim_key(o, slot, value)
  return slot.key .. '\n' .. value
end

-- Checks one operation; returns nil or a failure. Nothing is written here.
local function check(o)
  local f = check_keys(o)
  if f then
    return f
  end
  local record
  record, f = stored_record(o)
  if f then
    return f
  end
  o.record = record or false -- apply reuses it unless an earlier operation of this call wrote the entity
  if atomic then
    -- Later operations see this one's claims released (a delete, or a save moving a value).
    if record then
      for i = 2, #record, 2 do
        local slot = o.slots.by_name[record[i]]
        if slot and slot.kind == {{SLOT_UNIQUE}} then
          pending_claims[claim_key(o, slot, record[i + 1])] = false
        end
      end
    end
  end
  if o.kind == {{OP_DELETE}} then
    if atomic then
      pending_versions[o.entity] = '0'
    end
    return nil
  end
  if o.versioned then
    local stored = stored_version(o, record)
    if not stored then
      return failure({{FAIL_MISSING_RECORD}}, o.entity)
    end
    if stored ~= o.expected then
      return failure({{FAIL_VERSION_MISMATCH}}, stored)
    end
  end
  if o.slots.unique then
    for _, entry in ipairs(o.entries) do
      if entry.slot.kind == {{SLOT_UNIQUE}} then
        local held = nil
        if atomic then
          held = pending_claims[claim_key(o, entry.slot, entry.member)]
        end
        local holder = nil
        if held == nil then
          local current = redis.call('HGET', entry.slot.key, entry.member)
          if current and current ~= o.id and holds(o.ids, o.records, current, entry.slot.name, entry.member, now) then
            holder = current
          end
        elseif held and held ~= o.id then
          holder = held
        end
        if holder then
          return failure({{FAIL_UNIQUE_CONFLICT}}, entry.slot.name, entry.member, holder)
        end
      end
    end
  end
  if atomic then
    if o.versioned then
      pending_versions[o.entity] = o.ttl < 0 and '0' or o.next_version
    end
    if o.ttl >= 0 then
      for _, entry in ipairs(o.entries) do
        if entry.slot.kind == {{SLOT_UNIQUE}} then
          pending_claims[claim_key(o, entry.slot, entry.member)] = o.id
        end
      end
    end
  end
  return nil
end

local deleted = 0
local dropped = {}

-- Removes the entries a record names and this write drops; a global unique entry is reported.
local function drop_entries(o, n, record, keep)
  for i = 2, #record, 2 do
    local slot = o.slots.by_name[record[i]]
    if slot and slot.kind == {{SLOT_GLOBAL_UNIQUE}} and not (keep and keep[record[i]] == record[i + 1]) then
      dropped[#dropped + 1] = { n, record[i], record[i + 1] }
    end
  end
  if keep then
    remove_entries(record, o.slots, o.id, keep)
  else
    purge(o.ids, o.records, o.slots, o.id, record)
  end
end

-- Writes a save's entity. Each on its own, this is the first write of the save and its entity
-- key's type check: SET ... GET refuses a key of another type without writing (a failure, and the
-- save writes nothing); any other error (OOM) fails the call as the plain SET would.
local function set_entity(o)
  if atomic then
    if o.ttl > 0 then
      redis.call('SET', o.entity, o.payload, 'PX', o.ttl)
    else
      redis.call('SET', o.entity, o.payload)
    end
    return nil
  end
  local reply
  if o.ttl > 0 then
    reply = redis.pcall('SET', o.entity, o.payload, 'PX', o.ttl, 'GET')
  else
    reply = redis.pcall('SET', o.entity, o.payload, 'GET')
  end
  if type(reply) == 'table' and reply.err then
    if string.sub(reply.err, 1, 9) ~= 'WRONGTYPE' then
      error(reply)
    end
    return failure({{FAIL_WRONG_TYPE}}, o.entity, redis.call('TYPE', o.entity).ok, 'string')
  end
  return nil
end

-- Applies one checked operation; returns nil, or (each on its own) a failure of a save whose
-- entity key holds another type, which wrote nothing. Entries the previous record names and the
-- new one does not are removed; the new ones are (re)added, so a save also heals an entry removed by hand.
local written = {}
local scores = {} -- time to live -> expiry score, for this call's now

local function apply(o, n)
  local record, text
  if o.record ~= nil and not written[o.entity] then
    record, text = o.record or nil, o.record_text
  else
    text = redis.call('HGET', o.records, o.id)
    record = decode_record(text)
  end
  if not o.saves then
    written[o.entity] = true
    deleted = deleted + redis.call('DEL', o.entity)
    if record then
      drop_entries(o, n, record, nil)
    else
      purge(o.ids, o.records, o.slots, o.id, nil)
    end
    return nil
  end
  local f = set_entity(o)
  if f then
    return f
  end
  written[o.entity] = true
  if record then
    drop_entries(o, n, record, kept(o))
  end
  local score = scores[o.ttl]
  if not score then
    score = expiry_score(o.ttl, now)
    scores[o.ttl] = score
  end
  redis.call('ZADD', o.ids, score, o.id)
  for _, entry in ipairs(o.entries) do
    local slot = entry.slot
    if slot.kind == {{SLOT_EQUALITY}} or slot.kind == {{SLOT_RANGE}} then
      redis.call('ZADD', slot.key, 0, entry.member) -- add_entry, inlined on the hot path
    else
      add_entry(slot, o.id, entry.member)
    end
  end
  if keeps_record(o) then
    local encoded = o.encoded or encode_record(o.versioned and o.next_version or '', o.entries)
    if encoded ~= text then -- an unchanged record (same version, same entries) is not written again
      redis.call('HSET', o.records, o.id, encoded)
    end
  elseif record ~= nil then
    redis.call('HDEL', o.records, o.id)
  end
  return nil
end

local result = { STATUS_OK, 0, 0 }
local operations = {}
local a, k, n = 2, 1, 0
if sequence then
  a, k = 2 + {{SEQUENCE_HEADER_ARGS}}, 2
end
while a <= #ARGV do
  n = n + 1
  operations[n], a, k = read_operation(a, k, operations[n - 1])
end

if atomic then
  for i = 1, n do
    local f = check(operations[i])
    if f then
      return { STATUS_OK, 0, 1, i, f[1], f[2], f[3], f[4] }
    end
  end
  for i = 1, n do
    apply(operations[i], i)
  end
else
  for i = 1, n do
    local f = check(operations[i]) or apply(operations[i], i)
    if f then
      add_failure(result, 3, i, f)
    end
  end
end
if sequence then
  if sequence.last then
    redis.call('DEL', sequence.key)
  else
    redis.call('SET', sequence.key, sequence.number, 'PX', {{SEQUENCE_TTL_MS}})
  end
end
if not sequence and result[3] == 0 and #dropped == 0 then
  return deleted -- the common reply, nothing failed and nothing dropped: a bare integer (no reply array to build or read)
end
result[2] = deleted
add_rows(result, dropped)
return result
