-- scan-ids.lua: one ZSCAN page of a model's live ids. Contract: Scripts/ScanIdsScript.cs.
-- KEYS[1]: all-ids. ARGV[1]: cursor, ARGV[2]: COUNT hint.
-- Returns { STATUS_OK, next cursor, id1, id2, ... } ('0': the scan is complete).

--@include common.lua

local f = check_type(KEYS[1], 'zset')
if f then
  return fail(f)
end
local now = server_now()
local page = redis.call('ZSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
local result = { STATUS_OK, page[1] }
local items = page[2]
for i = 1, #items, 2 do
  if is_live(items[i + 1], now) then
    result[#result + 1] = items[i]
  end
end
return result
