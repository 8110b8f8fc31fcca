"""The Lua scripts :class:`~levant.state.redis.RedisSeenStore` runs on the server.

Each script is one atomic step of the store (Redis runs a script without
interleaving other commands): store an article with its post-ID index, record an
export with its meta and pending links, touch, claim, release. ``ARGV[1]`` is always
the store's key prefix; the arguments of each script are listed above it.
"""

# Shared Lua: ARGV[1] is the prefix. An article is a JSON array of its nine fields.
_LIB = """
local P = ARGV[1]
local function field(value, i)  -- field i of a stored article, nil when absent or null
  if not value then return nil end
  local v = cjson.decode(value)[i]
  if v == cjson.null then return nil end
  return v
end
local function index_post(h, p, seen)
  if not p then return end
  local cur = redis.call('HGET', P .. ':posts', p)
  if cur and cur ~= h then
    local other = field(redis.call('GET', P .. ':a:' .. cur), 6)
    if other and other > seen then return end
  end
  redis.call('HSET', P .. ':posts', p, h)
end
local function upsert(h, value, p, seen)  -- p: the post ID as text, '' for none
  local key = P .. ':a:' .. h
  local oldp = field(redis.call('GET', key), 2)
  redis.call('SET', key, value)
  redis.call('SADD', P .. ':index', h)
  if p == '' then p = nil end
  if oldp then oldp = tostring(oldp) end
  if oldp and oldp ~= p and redis.call('HGET', P .. ':posts', oldp) == h then
    redis.call('HDEL', P .. ':posts', oldp)
  end
  index_post(h, p, seen)
  return p
end
local function release(worker, h, p)
  local keys = {P .. ':claim:' .. h}
  if p then table.insert(keys, P .. ':claim:post:' .. p) end
  for _, key in ipairs(keys) do
    if redis.call('GET', key) == worker then redis.call('DEL', key) end
  end
end
"""
# ARGV: prefix, worker, h, article JSON, post ID, last_seen.
UPSERT = (
    _LIB
    + """
release(ARGV[2], ARGV[3], upsert(ARGV[3], ARGV[4], ARGV[5], ARGV[6]))
"""
)
# ARGV: as UPSERT, then url, meta count, meta pairs, found_at, pending (URL, h) pairs.
# A pending link already in the index is not added: another worker may have stored it
# between this worker's known() and this call.
RECORD_EXPORT = (
    _LIB
    + """
local h, url = ARGV[3], ARGV[7]
local p = upsert(h, ARGV[4], ARGV[5], ARGV[6])
local n = tonumber(ARGV[8])
for i = 9, 8 + 2 * n, 2 do redis.call('HSET', P .. ':meta', ARGV[i], ARGV[i + 1]) end
local found = ARGV[9 + 2 * n]
for i = 10 + 2 * n, #ARGV, 2 do
  if ARGV[i] ~= url and redis.call('SISMEMBER', P .. ':index', ARGV[i + 1]) == 0 then
    redis.call('HSETNX', P .. ':pending', ARGV[i], found)
  end
end
redis.call('HDEL', P .. ':pending', url)
release(ARGV[2], h, p)
"""
)
# ARGV: prefix, h, seen_at. Returns 0 when the article is unknown.
TOUCH = (
    _LIB
    + """
local key = P .. ':a:' .. ARGV[2]
local value = redis.call('GET', key)
if not value then return 0 end
local article = cjson.decode(value)
article[6] = ARGV[3]
redis.call('SET', key, cjson.encode(article))
local p = field(value, 2)
if p then p = tostring(p) end
index_post(ARGV[2], p, ARGV[3])
return 1
"""
)
# ARGV: prefix, worker, ttl (ms), claim key suffixes. 1 when every key is this worker's.
CLAIM = """
local P, worker = ARGV[1], ARGV[2]
for i = 4, #ARGV do
  local cur = redis.call('GET', P .. ':claim:' .. ARGV[i])
  if cur and cur ~= worker and redis.call('EXISTS', P .. ':alive:' .. cur) == 1 then
    return 0
  end
end
for i = 4, #ARGV do
  redis.call('SET', P .. ':claim:' .. ARGV[i], worker, 'PX', ARGV[3])
end
return 1
"""
# ARGV: prefix, worker, h, post_id or "".
RELEASE = (
    _LIB
    + """
local p = ARGV[4]
if p == '' then p = nil end
release(ARGV[2], ARGV[3], p)
"""
)
