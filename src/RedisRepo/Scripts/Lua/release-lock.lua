-- release-lock.lua: releases a cache-aside lock only while it still holds this caller's token.
-- Contract: Scripts/ReleaseLockScript.cs. KEYS[1]: the lock. ARGV[1]: the token.
-- Returns { STATUS_OK, 1 when released, else 0 }.

--@include common.lua

local f = check_type(KEYS[1], 'string')
if f then
  return fail(f)
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return { STATUS_OK, redis.call('DEL', KEYS[1]) }
end
return { STATUS_OK, 0 }
