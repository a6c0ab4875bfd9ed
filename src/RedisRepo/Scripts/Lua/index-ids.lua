-- index-ids.lua: the live ids of an equality index value or a range of a range index, or
-- their number. Contract: Scripts/IndexIdsScript.cs.
-- KEYS[1]: the index (a sorted set of members at score 0, read by lexicographic range),
-- KEYS[2]: all-ids (liveness). ARGV: min and max (ZRANGE BYLEX bounds), descending ('1'/'0'),
-- prefix length in bytes (each member is prefix + id), skip, take (-1: all), mode
-- (READ_MEMBERS or READ_COUNT).
-- Returns { STATUS_OK, member1, member2, ... } of live entities after skip, at most take; or
-- { STATUS_OK, count }.

--@include common.lua

local f = check_type(KEYS[1], 'zset') or check_type(KEYS[2], 'zset')
if f then
  return fail(f)
end
local now = server_now()
local min, max, descending = ARGV[1], ARGV[2], ARGV[3] == '1'
local prefix, skip, take = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local counting = ARGV[7] == {{READ_COUNT}}
local result, count = { STATUS_OK }, 0
local offset, page = 0, 500
while take ~= 0 do
  local members
  if descending then
    members = redis.call('ZRANGE', KEYS[1], max, min, 'BYLEX', 'REV', 'LIMIT', offset, page)
  else
    members = redis.call('ZRANGE', KEYS[1], min, max, 'BYLEX', 'LIMIT', offset, page)
  end
  if #members == 0 then
    break
  end
  offset = offset + #members
  local ids = {}
  local sub = string.sub
  for i = 1, #members do
    ids[i] = sub(members[i], prefix + 1)
  end
  local scores = redis.call('ZMSCORE', KEYS[2], unpack(ids))
  for i = 1, #members do
    local member, score = members[i], scores[i]
    -- is_live, inlined: this loop runs for every entry a read examines
    if score and (score == 'inf' or tonumber(score) >= now) then
      if counting then
        count = count + 1
      elseif skip > 0 then
        skip = skip - 1
      else
        result[#result + 1] = member
        take = take - 1
        if take == 0 then
          break
        end
      end
    end
  end
  if #members < page then
    break -- the range is exhausted: no need to ask again
  end
end
if counting then
  return { STATUS_OK, count }
end
return result
