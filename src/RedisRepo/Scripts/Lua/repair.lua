-- repair.lua: removes index entries that their entity does not back (a reader found them
-- stale, or rebuild's orphan pass), re-checking each atomically: an entry stays when, by now,
-- its entity exists and its record lists it (a concurrent save). An entry whose entity has
-- expired (gone, with an expiry score in all-ids that has passed) is removed too, but counted
-- apart: that is ordinary expiry the sweep has not reached yet, not something that wrote
-- around RedisRepo. Contract: Scripts/RepairScript.cs.
-- KEYS[1]: the index key, KEYS[2]: records, KEYS[3]: all-ids, then one entity key per candidate.
-- ARGV[1]: the slot kind, ARGV[2]: the slot name, then per candidate: id, member (unique: value).
-- Returns { STATUS_OK, entries removed as repairs, entries removed because their entity expired }.

--@include common.lua

local slot = { kind = ARGV[1], name = ARGV[2], key = KEYS[1] }
local f = check_type(KEYS[1], slot_type(slot.kind)) or check_type(KEYS[2], 'hash') or check_type(KEYS[3], 'zset')
if f then
  return fail(f)
end
local removed, expired, now = 0, 0, nil
for i = 4, #KEYS do
  local id, member = ARGV[2 * i - 5], ARGV[2 * i - 4]
  local backed, gone = false, false
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local record = decode_record(redis.call('HGET', KEYS[2], id))
    backed = record == nil and slot.kind == {{SLOT_UNIQUE}} or (record and lists(record, slot.name, member))
  else
    local score = redis.call('ZSCORE', KEYS[3], id)
    now = now or server_now()
    gone = score ~= false and not is_live(score, now)
  end
  if not backed then
    local present
    if slot.kind == {{SLOT_UNIQUE}} then
      present = redis.call('HGET', slot.key, member) == id
    else
      present = redis.call('ZSCORE', slot.key, member) ~= false
    end
    if present then
      remove_entry(slot, id, member)
      if gone then
        expired = expired + 1
      else
        removed = removed + 1
      end
    end
  end
end
return { STATUS_OK, removed, expired }
