-- eviction-policy.lua: the server's maxmemory-policy, read from INFO (CONFIG GET needs admin
-- rights that applications rarely have). Contract: Scripts/EvictionPolicyScript.cs.
-- No KEYS. Returns { STATUS_OK, policy }, the policy '' when INFO does not report one.

--@include common.lua

local info = redis.call('INFO', 'memory')
return { STATUS_OK, string.match(info, 'maxmemory_policy:(%S+)') or '' }
