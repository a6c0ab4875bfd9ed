-- count-live.lua: how many live ids a sorted set scored by expiry holds. Contract: Scripts/CountLiveScript.cs.
-- KEYS[1]: all-ids. Returns { STATUS_OK, count }.

--@include common.lua

local f = check_type(KEYS[1], 'zset')
if f then
  return fail(f)
end
return { STATUS_OK, redis.call('ZCOUNT', KEYS[1], string.format('%d', server_now()), '+inf') }
