-- query.lua: one bounded slice of a query over one bucket: an OR of conjunctions of index
-- conditions, answered from the indexes and the per-entity records, never from entity keys.
-- Contract: Scripts/QueryScript.cs.
--
-- KEYS[1]: all-ids (liveness), KEYS[2]: records, KEYS[3..]: the index key of each condition.
-- ARGV: mode (READ_MEMBERS / READ_COUNT), take, budget (index entries examined at most),
-- descending ('1'/'0'), the cursor (conjunction, source condition (0: not chosen yet),
-- alternative, last member examined ('' : none)), then the conjunctions: a count, and per
-- conjunction a condition count and per condition: key position, record entry name (e.g.
-- eq:Ticker), kind (SLOT_EQUALITY or SLOT_RANGE), order key width (range), alternative count,
-- and per alternative: ZRANGE BYLEX min and max, then the check: for equality the member
-- prefix ({length}:{value}; the index holds prefix .. id); for a range, against the record,
-- the lowest and highest order key ('' : unbounded) and whether each is included ('1'/'0').
--
-- Each conjunction is iterated from one source condition (the one with the fewest entries in
-- its ranges, chosen once, kept in the cursor), in index order from the cursor on; every
-- candidate must be live, be held by the index of every other equality condition of one or two
-- values (one ZMSCORE per value for a whole slice of candidates: no record is decoded for them),
-- have a record whose entry is one of the values of every other equality condition of more values
-- and lies in every range condition, and match no earlier conjunction (so an entity matching
-- several is answered once). Index entries and records are written by the same atomic script,
-- so they agree; an index damaged by hand is taken at its word here (as CountBy does), and the
-- client re-checks every entity it reads.
-- The work of one call is bounded by the budget: the caller calls again with the returned
-- cursor until it says done.
--
-- Returns { STATUS_OK, done ('1'/'0'), conjunction, source, alternative, last member, count,
-- id1, member1, id2, member2, ... } (ids and source members of the matches; the count in
-- READ_COUNT mode, with no ids).

--@include common.lua

local f = check_type(KEYS[1], 'zset') or check_type(KEYS[2], 'hash')
if f then
  return fail(f)
end
local counting = ARGV[1] == {{READ_COUNT}}
local take, budget, descending = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
local cur_c, cur_s, cur_a, cur_m = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]

-- The plan.
local conjunctions = {}
local p = 10
for c = 1, tonumber(ARGV[9]) do
  local conditions = {}
  local count = tonumber(ARGV[p])
  p = p + 1
  for n = 1, count do
    local condition = { key = KEYS[tonumber(ARGV[p])], name = ARGV[p + 1], kind = ARGV[p + 2], width = tonumber(ARGV[p + 3]), alts = {} }
    local alts = tonumber(ARGV[p + 4])
    p = p + 5
    for a = 1, alts do
      condition.alts[a] = { min = ARGV[p], max = ARGV[p + 1], a = ARGV[p + 2], b = ARGV[p + 3], a_in = ARGV[p + 4] == '1', b_in = ARGV[p + 5] == '1' }
      p = p + 6
    end
    -- An equality condition of one or two values is checked against its own index (a ZMSCORE
    -- per value for a slice); one of three or more values costs less through the records.
    condition.by_index = condition.kind == {{SLOT_EQUALITY}} and alts <= 2
    conditions[n] = condition
  end
  conjunctions[c] = conditions
end

for c = 1, #conjunctions do
  for _, condition in ipairs(conjunctions[c]) do
    f = check_type(condition.key, 'zset')
    if f then
      return fail(f)
    end
  end
end

-- The entry of the record for an index, or nil.
local function entry_of(record, name)
  for i = 2, #record, 2 do
    if record[i] == name then
      return record[i + 1]
    end
  end
  return nil
end

-- Whether the record's entry for a condition is one of its alternatives, for entity id: an
-- equality member (prefix .. id), or a range order key within bounds.
local function in_record(record, condition, id)
  local member = entry_of(record, condition.name)
  if not member then
    return false
  end
  if condition.kind == {{SLOT_EQUALITY}} then
    for _, alt in ipairs(condition.alts) do
      if member == alt.a .. id then
        return true
      end
    end
    return false
  end
  if #member ~= condition.width + #id or string.sub(member, condition.width + 1) ~= id then
    return false
  end
  local key = string.sub(member, 1, condition.width)
  for _, alt in ipairs(condition.alts) do
    local low = alt.a == '' or key > alt.a or (alt.a_in and key == alt.a)
    local high = alt.b == '' or key < alt.b or (alt.b_in and key == alt.b)
    if low and high then
      return true
    end
  end
  return false
end

-- The candidates of one slice: their ids, and what is learnt about them on demand: per equality
-- condition, which of them its index holds (one ZMSCORE per alternative for the whole slice,
-- no record decoded), and for range conditions their decoded records (one HMGET).
local slice = { ids = {}, held = {}, records = nil, decoded = {} }

local function held(condition, i)
  local holds = slice.held[condition]
  if not holds then
    holds = {}
    for _, alt in ipairs(condition.alts) do
      local members = {}
      for n, id in ipairs(slice.ids) do
        members[n] = alt.a .. id
      end
      local scores = redis.call('ZMSCORE', condition.key, unpack(members))
      for n = 1, #members do
        if scores[n] then
          holds[n] = true
        end
      end
    end
    slice.held[condition] = holds
  end
  return holds[i] == true
end

local function record_of(i)
  if not slice.records then
    slice.records = redis.call('HMGET', KEYS[2], unpack(slice.ids))
  end
  local record = slice.decoded[i]
  if record == nil then
    record = decode_record(slice.records[i]) or false
    slice.decoded[i] = record
  end
  return record
end

-- Whether candidate i matches every condition of a conjunction. An equality source (the
-- condition it was read from) holds it by construction; a range source is checked all the same,
-- since its ZRANGE bounds cannot exclude an order key itself (members are order key .. id).
local function matches(conditions, i, source)
  for _, condition in ipairs(conditions) do
    if condition.by_index then
      if condition ~= source and not held(condition, i) then
        return false
      end
    elseif not (condition == source and condition.kind == {{SLOT_EQUALITY}}) then
      local record = record_of(i)
      if not record or not in_record(record, condition, slice.ids[i]) then
        return false
      end
    end
  end
  return true
end

-- The condition to iterate a conjunction from: the fewest entries in its ranges.
local function choose_source(conditions)
  local best, fewest = 1, nil
  for n, condition in ipairs(conditions) do
    local count = 0
    for _, alt in ipairs(condition.alts) do
      count = count + redis.call('ZLEXCOUNT', condition.key, alt.min, alt.max)
    end
    if not fewest or count < fewest then
      best, fewest = n, count
    end
  end
  return best
end

local now = server_now()
local result = { STATUS_OK, '0', 1, 0, 1, '', 0 }
local found, examined = 0, 0
local slice_size = 100
local c, s, a, last = cur_c, cur_s, cur_a, cur_m
while c <= #conjunctions do
  local conditions = conjunctions[c]
  if s == 0 then
    s = choose_source(conditions)
  end
  local source = conditions[s]
  while a <= #source.alts do
    local alt = source.alts[a]
    local exhausted = false
    while true do
      if found >= take or examined >= budget then
        result[2], result[3], result[4], result[5], result[6] = '0', c, s, a, last
        result[7] = found
        return result
      end
      local members
      local n = math.min(slice_size, budget - examined)
      if descending then
        local upper = last == '' and alt.max or ('(' .. last)
        members = redis.call('ZRANGE', source.key, upper, alt.min, 'BYLEX', 'REV', 'LIMIT', 0, n)
      else
        local lower = last == '' and alt.min or ('(' .. last)
        members = redis.call('ZRANGE', source.key, lower, alt.max, 'BYLEX', 'LIMIT', 0, n)
      end
      if #members == 0 then
        break
      end
      local prefix = source.kind == {{SLOT_EQUALITY}} and #alt.a or source.width
      local ids = {}
      for i, member in ipairs(members) do
        ids[i] = string.sub(member, prefix + 1)
      end
      local scores = redis.call('ZMSCORE', KEYS[1], unpack(ids))
      slice.ids, slice.held, slice.records, slice.decoded = ids, {}, nil, {}
      for i, member in ipairs(members) do
        examined = examined + 1
        last = member
        local id = ids[i]
        if is_live(scores[i], now) then
          if matches(conditions, i, source) then
            local earlier = false
            for e = 1, c - 1 do
              if matches(conjunctions[e], i, nil) then
                earlier = true
                break
              end
            end
            if not earlier then
              found = found + 1
              if not counting then
                result[#result + 1] = id
                result[#result + 1] = member
              end
              if found >= take then
                break
              end
            end
          end
        end
      end
      if #members < n and found < take then
        break
      end
    end
    a, last = a + 1, ''
  end
  c, s, a, last = c + 1, 0, 1, ''
end
result[2], result[3], result[4], result[5], result[6], result[7] = '1', c, 0, 1, '', found
return result
