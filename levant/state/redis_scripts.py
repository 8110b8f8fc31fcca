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
# ARGV: as UPSERT, then url, the replaced URL's h ('' for none), the most pending links
# (0: no bound), meta count, meta pairs, found_at, pending (URL, h) pairs. Returns the
# number of new links the full frontier refused. A link the store knows (an article or
# an alias) is not added. A replaced article's row goes; its h becomes an alias of h.
RECORD_EXPORT = (
    _LIB
    + """
local h, url, old, most = ARGV[3], ARGV[7], ARGV[8], tonumber(ARGV[9])
if old ~= '' and old ~= h then
  local oldp = field(redis.call('GET', P .. ':a:' .. old), 2)
  if oldp and redis.call('HGET', P .. ':posts', tostring(oldp)) == old then
    redis.call('HDEL', P .. ':posts', tostring(oldp))
  end
  redis.call('DEL', P .. ':a:' .. old)
  redis.call('SREM', P .. ':index', old)
  -- h is an article again, no longer an alias
  local was = redis.call('HGET', P .. ':aliases', h)
  if was then
    redis.call('HDEL', P .. ':aliases', h)
    redis.call('SREM', P .. ':aliases:of:' .. was, h)
  end
  -- old and every alias of old now lead to h
  local of = redis.call('SMEMBERS', P .. ':aliases:of:' .. old)
  table.insert(of, old)
  for _, a in ipairs(of) do
    if a ~= h then
      redis.call('HSET', P .. ':aliases', a, h)
      redis.call('SADD', P .. ':aliases:of:' .. h, a)
    end
  end
  redis.call('DEL', P .. ':aliases:of:' .. old)
end
local p = upsert(h, ARGV[4], ARGV[5], ARGV[6])
local n = tonumber(ARGV[10])
for i = 11, 10 + 2 * n, 2 do redis.call('HSET', P .. ':meta', ARGV[i], ARGV[i + 1]) end
local found = ARGV[11 + 2 * n]
local refused = 0
for i = 12 + 2 * n, #ARGV, 2 do
  if ARGV[i] ~= url and redis.call('SISMEMBER', P .. ':index', ARGV[i + 1]) == 0
      and redis.call('HEXISTS', P .. ':aliases', ARGV[i + 1]) == 0
      and redis.call('HEXISTS', P .. ':pending', ARGV[i]) == 0 then
    if most > 0 and redis.call('HLEN', P .. ':pending') >= most then
      refused = refused + 1
    else
      redis.call('HSET', P .. ':pending', ARGV[i], found)
    end
  end
end
redis.call('HDEL', P .. ':pending', url)
release(ARGV[2], h, p)
return refused
"""
)
# ARGV: prefix, h, post ID or ''. The article at h or at its alias's target, else the
# one indexed under the post ID; false when none.
LOOKUP = """
local P, h, p = ARGV[1], ARGV[2], ARGV[3]
local value = redis.call('GET', P .. ':a:' .. h)
if value then return value end
local target = redis.call('HGET', P .. ':aliases', h)
if target then
  value = redis.call('GET', P .. ':a:' .. target)
  if value then return value end
end
if p ~= '' then
  local ph = redis.call('HGET', P .. ':posts', p)
  if ph then return redis.call('GET', P .. ':a:' .. ph) end
end
return false
"""
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
