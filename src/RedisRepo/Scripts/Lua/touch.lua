-- touch.lua: re-arms a fixed time to live (TouchAsync, sliding reads), optionally reading the
-- entities too. Contract: Scripts/TouchScript.cs.
-- KEYS[1]: all-ids, then the entity keys. ARGV[1]: time to live in ms, ARGV[2]: mode
-- (TOUCH_ONLY or TOUCH_AND_GET), then the key ids, one per entity key.
-- Returns { STATUS_OK, then per entity: its payload (TOUCH_AND_GET) or 1 (TOUCH_ONLY) when it
-- exists, false when it does not }, or a FAIL_WRONG_TYPE failure naming the first key that is
-- not a string (nothing was touched).

--@include common.lua

local f = check_type(KEYS[1], 'zset')
for i = 2, #KEYS do
  f = f or check_type(KEYS[i], 'string')
end
if f then
  return fail(f)
end
local ttl = tonumber(ARGV[1])
local reading = ARGV[2] == {{TOUCH_AND_GET}}
local score = expiry_score(ttl, server_now())
local result = { STATUS_OK }
for i = 2, #KEYS do
  local found = false
  if redis.call('PEXPIRE', KEYS[i], ttl) == 1 then
    redis.call('ZADD', KEYS[1], 'XX', score, ARGV[i + 1])
    found = reading and redis.call('GET', KEYS[i]) or 1
  end
  result[i] = found
end
return result
