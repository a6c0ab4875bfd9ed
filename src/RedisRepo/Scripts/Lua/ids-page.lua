-- ids-page.lua: one page of the live ids of "all ids", in the set's order (expiry score, then
-- id), resumed after the last id of the previous page. Contract: Scripts/IdsPageScript.cs.
-- KEYS[1]: all-ids. ARGV: take, the previous page's last id and its score ('' and '' for the
-- first page).
-- Returns { STATUS_OK, id1, score1, id2, score2, ... }.
--
-- An id that kept its score since the previous page (its entity was not saved or deleted) is
-- found by ZRANK, so a page costs O(log n) wherever it is. When the previous page's last id moved
-- or went, its old place is found by counting: O(ids sharing its old score).

--@include common.lua

local f = check_type(KEYS[1], 'zset')
if f then
  return fail(f)
end
local take, last, last_score = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local now = server_now()
local first_live = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. string.format('%d', now))
local start = first_live
if last ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], last)
  if score and score == last_score then
    start = redis.call('ZRANK', KEYS[1], last) + 1
  else
    start = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. last_score)
    local offset = 0
    while true do
      local ties = redis.call('ZRANGE', KEYS[1], last_score, last_score, 'BYSCORE', 'LIMIT', offset, 1000)
      local before = 0
      for _, id in ipairs(ties) do
        if id > last then
          break
        end
        before = before + 1
      end
      start = start + before
      if before < #ties or #ties < 1000 then
        break
      end
      offset = offset + 1000
    end
  end
  if start < first_live then
    start = first_live
  end
end
local result = { STATUS_OK }
local page = redis.call('ZRANGE', KEYS[1], start, start + take - 1, 'WITHSCORES')
for i = 1, #page do
  result[#result + 1] = page[i]
end
return result
