-- expired-ids.lua: up to ARGV[1] ids whose expiry score has passed, by the server's clock:
-- the candidates a sweep hands to purge.lua. Contract: Scripts/ExpiredIdsScript.cs.
-- KEYS[1]: all-ids. Returns { STATUS_OK, id1, id2, ... }.

--@include common.lua

local f = check_type(KEYS[1], 'zset')
if f then
  return fail(f)
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('(%d', server_now()), 'LIMIT', 0, tonumber(ARGV[1]))
table.insert(ids, 1, STATUS_OK)
return ids
