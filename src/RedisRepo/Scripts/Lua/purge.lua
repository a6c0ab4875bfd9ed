-- purge.lua: removes the index entries of ids whose entity is gone (expiry sweep, rebuild's
-- orphan pass), re-checking each one atomically. Contract: Scripts/PurgeScript.cs.
-- KEYS: all-ids, records, one key per index slot, then one entity key per candidate.
-- ARGV: mode (PURGE_EXPIRED: only ids whose expiry score has passed; PURGE_ORPHANS: any id
-- whose entity is gone), the slots (a count, then per slot: kind, name), then the candidate
-- ids, one per entity key.
-- An id whose entity still exists is kept; when its score has passed (its expiry was changed
-- by other means) it is re-scored from the key's own time to live.
-- Returns { STATUS_OK, ids purged, ids re-scored }.

--@include common.lua

local expired_only = ARGV[1] == {{PURGE_EXPIRED}}
local ids, records, slots, first_entity, p, f = read_model_keys(2)
if f then
  return fail(f)
end
local now = server_now()
local purged, rescored = 0, 0
for i = first_entity, #KEYS do
  local id = ARGV[p + i - first_entity]
  local score = redis.call('ZSCORE', ids, id)
  if not (expired_only and is_live(score, now)) then
    local left = redis.call('PTTL', KEYS[i])
    if left == -2 then
      local text = redis.call('HGET', records, id)
      if score or text then
        purge(ids, records, slots, id, decode_record(text) or nil)
        purged = purged + 1
      end
    elseif score and not is_live(score, now) then
      redis.call('ZADD', ids, 'XX', left == -1 and '+inf' or string.format('%d', now + math.max(left, 1)), id)
      rescored = rescored + 1
    end
  end
end
return { STATUS_OK, purged, rescored }
