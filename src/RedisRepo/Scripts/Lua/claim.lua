-- claim.lua: claims a unique value of a sharded model in the bucket the value hashes to (its
-- claims cannot live with the entity: another bucket, another slot). Contract: Scripts/ClaimScript.cs.
-- A claim is "lease|token|holder": lease in Unix ms by the server's clock, a fencing token the
-- holder's record lists once its write is done, the holder's key id.
-- KEYS[1]: the claims hash. ARGV: value, key id, token, lease in ms, mode (CLAIM_NEW, or
-- CLAIM_TAKEOVER with ARGV[6] the exact claim to replace).
-- Returns { STATUS_OK, CLAIM_TAKEN } when the value is now this caller's; { STATUS_OK,
-- CLAIM_RENEWED, token, claim } when it already was (the claim is kept as it is, and the caller's record
-- goes on listing its token, so a failed write cannot lose it); { STATUS_OK,
-- CLAIM_HELD, holder } while another holder's lease runs; { STATUS_OK, CLAIM_CHECK, holder, claim }
-- when the lease has passed: the caller checks the holder's record (claim-check.lua) and takes
-- the claim over only if the record does not list it.

--@include common.lua

local f = check_type(KEYS[1], 'hash')
if f then
  return fail(f)
end
local value, id, token, lease, mode = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local now = server_now()
local mine = string.format('%d', now + lease) .. '|' .. token .. '|' .. id
local current = redis.call('HGET', KEYS[1], value)
if mode == {{CLAIM_TAKEOVER}} then
  if current ~= ARGV[6] then
    return { STATUS_OK, {{CLAIM_HELD}}, current and string.match(current, '^[^|]*|[^|]*|(.*)$') or '' }
  end
  redis.call('HSET', KEYS[1], value, mine)
  return { STATUS_OK, {{CLAIM_TAKEN}} }
end
if not current then
  redis.call('HSET', KEYS[1], value, mine)
  return { STATUS_OK, {{CLAIM_TAKEN}} }
end
local until_ms, held_token, holder = string.match(current, '^(%d+)|([^|]*)|(.*)$')
if not holder then
  redis.call('HSET', KEYS[1], value, mine) -- not a claim: take it
  return { STATUS_OK, {{CLAIM_TAKEN}} }
end
if holder == id then
  -- Keep the token (the holder's record lists it), but protect this save's write window too.
  local renewed = string.format('%d', now + lease) .. '|' .. held_token .. '|' .. id
  if tonumber(until_ms) < now + lease then
    redis.call('HSET', KEYS[1], value, renewed)
  else
    renewed = current
  end
  return { STATUS_OK, {{CLAIM_RENEWED}}, held_token, renewed }
end
if tonumber(until_ms) >= now then
  return { STATUS_OK, {{CLAIM_HELD}}, holder }
end
return { STATUS_OK, {{CLAIM_CHECK}}, holder, current }
