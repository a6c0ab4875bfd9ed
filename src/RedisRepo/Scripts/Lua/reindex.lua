-- reindex.lua: brings the index entries and records of entities in line with their stored
-- payloads (RebuildIndexesAsync). It never writes a payload: an entity whose payload is no
-- longer the one the client read (a concurrent save or delete) is left to that writer, who
-- indexed it. Contract: Scripts/ReindexScript.cs.
-- KEYS: all-ids, records, one key per index slot, then one entity key per entity.
-- ARGV: the slots (a count, then per slot: kind, name), then per entity: key id, SHA1 (hex)
-- of the payload read, version ('' unversioned), number of entries, then per entry: slot
-- number, member.
-- Returns { STATUS_OK, entities reindexed, entities changed meanwhile, number left as they were,
-- then per entity left as it was: its key id, code, three details; then per global unique entry
-- a re-indexed entity's record lists: its key id, slot name, member (token:value), so the caller
-- can make sure the value's claim names it }.

--@include common.lua

local ids, records, slots, first_entity, p, f = read_model_keys(1)
if f then
  return fail(f)
end
local now = server_now()
local result = { STATUS_OK, 0, 0, 0 }
local globals = {}

local function skip(id, f)
  add_failure(result, 4, id, f)
end

for k = first_entity, #KEYS do
  local entity = KEYS[k]
  local id, sha, version, count = ARGV[p], ARGV[p + 1], ARGV[p + 2], tonumber(ARGV[p + 3])
  p = p + {{REINDEX_HEADER_ARGS}}
  local entries, keep = {}, {}
  for e = 1, count do
    local slot = slots[tonumber(ARGV[p])]
    entries[e] = { slot = slot, member = ARGV[p + 1] }
    keep[slot.name] = ARGV[p + 1]
    p = p + {{ARGS_PER_ENTRY}}
  end
  local type_failure = check_type(entity, 'string')
  local payload = not type_failure and redis.call('GET', entity)
  if type_failure then
    skip(id, type_failure)
  elseif not payload or redis.sha1hex(payload) ~= sha then
    result[3] = result[3] + 1
  else
    local conflict = nil
    for _, entry in ipairs(entries) do
      if entry.slot.kind == {{SLOT_UNIQUE}} then
        local holder = redis.call('HGET', entry.slot.key, entry.member)
        if holder and holder ~= id and holds(ids, records, holder, entry.slot.name, entry.member, now) then
          conflict = failure({{FAIL_UNIQUE_CONFLICT}}, entry.slot.name, entry.member, holder)
          break
        end
      end
    end
    if conflict then
      skip(id, conflict)
    else
      local record = decode_record(redis.call('HGET', records, id))
      -- A global unique entry (a sharded model's) arrives as ':' .. value: its token is the
      -- record's, from the save that claimed it; without one, the value has no claim to list.
      local kept = {}
      for _, entry in ipairs(entries) do
        if entry.slot.kind == {{SLOT_GLOBAL_UNIQUE}} then
          entry.member = nil
          for i = 2, record and #record or 0, 2 do
            local m = record[i + 1]
            if record[i] == entry.slot.name and string.sub(m, -#keep[entry.slot.name]) == keep[entry.slot.name] then
              entry.member = m
            end
          end
          keep[entry.slot.name] = entry.member
        end
        if entry.member then
          kept[#kept + 1] = entry
        end
      end
      entries = kept
      if record then
        remove_entries(record, slots, id, keep)
      end
      local left = redis.call('PTTL', entity)
      redis.call('ZADD', ids, left > 0 and string.format('%d', now + left) or '+inf', id)
      for _, entry in ipairs(entries) do
        add_entry(entry.slot, id, entry.member)
      end
      if version ~= '' or #slots > 0 then
        redis.call('HSET', records, id, encode_record(version, entries))
      end
      for _, entry in ipairs(entries) do
        if entry.slot.kind == {{SLOT_GLOBAL_UNIQUE}} then
          globals[#globals + 1] = { id, entry.slot.name, entry.member }
        end
      end
      result[2] = result[2] + 1
    end
  end
end
add_rows(result, globals)
return result
