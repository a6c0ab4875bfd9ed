-- claim-check.lua: whether the holder of a unique claim whose lease has passed still holds it:
-- its entity exists and its record lists the claim's token (a missing or unreadable record
-- counts as holding: its entity may still be there). Contract: Scripts/ClaimScript.cs.
-- KEYS[1]: the records hash of the holder's bucket, KEYS[2]: the holder's entity key.
-- ARGV: holder key id, index slot name, record member (token:value).
-- Returns { STATUS_OK, 1 when it holds, else 0 }.

--@include common.lua

local f = check_type(KEYS[1], 'hash')
if f then
  return fail(f)
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  return { STATUS_OK, 0 }
end
local record = decode_record(redis.call('HGET', KEYS[1], ARGV[1]))
if not record then
  return { STATUS_OK, 1 }
end
return { STATUS_OK, lists(record, ARGV[2], ARGV[3]) and 1 or 0 }
