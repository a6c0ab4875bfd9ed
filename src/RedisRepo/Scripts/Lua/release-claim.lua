-- release-claim.lua: releases unique claims of a sharded model that a write no longer needs (a
-- value changed or deleted, a save that failed), each only while it is still the caller's:
-- same holder, same token. Contract: Scripts/ClaimScript.cs.
-- KEYS[1]: the claims hash. ARGV: key id, then per claim: value, token.
-- Returns { STATUS_OK, claims released }.

--@include common.lua

local f = check_type(KEYS[1], 'hash')
if f then
  return fail(f)
end
local released = 0
for i = 2, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current then
    local _, token, holder = string.match(current, '^(%d+)|([^|]*)|(.*)$')
    if holder == ARGV[1] and token == ARGV[i + 1] then
      redis.call('HDEL', KEYS[1], ARGV[i])
      released = released + 1
    end
  end
end
return { STATUS_OK, released }
