-- live-ids.lua: every live id of a model. Contract: Scripts/LiveIdsScript.cs.
-- KEYS[1]: all-ids. Returns { STATUS_OK, id1, id2, ... }.

--@include common.lua

local f = check_type(KEYS[1], 'zset')
if f then
  return fail(f)
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', server_now()), '+inf')
table.insert(ids, 1, STATUS_OK)
return ids
