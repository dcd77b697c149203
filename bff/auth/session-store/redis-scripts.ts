/**
 * Lua scripts for the Redis session store. A session and its two index entries change in one
 * script, so a concurrent logout can never leave a session that no (iss, sid) / (iss, sub) lookup
 * finds. Index keys live in the session hash (`sidKey`, `subKey`): the scripts never rebuild key
 * names. (Single Redis or a primary with replicas; under Redis Cluster the keys would need one hash tag.)
 */

/** Removes one session hash and its index memberships; returns the stored record JSON or false. */
const DROP = `
local function drop(key, id)
  local f = redis.call('HMGET', key, 'record', 'sidKey', 'subKey')
  if not f[1] then return false end
  redis.call('DEL', key)
  if f[2] and f[2] ~= '' then redis.call('SREM', f[2], id) end
  if f[3] and f[3] ~= '' then redis.call('SREM', f[3], id) end
  return f[1]
end
`;

/**
 * KEYS: session, sid index ('' when none), subject index.
 * ARGV: record JSON, expiresAt (ms), 'create' | 'update', now (ms), id.
 * Returns 1, or 0 when an update finds no session (deleted by a logout meanwhile: never resurrect it).
 */
export const SAVE_SCRIPT = `
local key, sidKey, subKey = KEYS[1], KEYS[2], KEYS[3]
local id = ARGV[5]
if ARGV[3] == 'update' then
  local old = redis.call('HMGET', key, 'sidKey', 'subKey')
  if redis.call('EXISTS', key) == 0 then return 0 end
  if old[1] and old[1] ~= '' and old[1] ~= sidKey then redis.call('SREM', old[1], id) end
  if old[2] and old[2] ~= subKey then redis.call('SREM', old[2], id) end
elseif redis.call('EXISTS', key) == 1 then
  return redis.error_reply('ERR session id already exists')
end
local ttl = tonumber(ARGV[2]) - tonumber(ARGV[4])
if ttl <= 0 then
  redis.call('DEL', key)
  return 1
end
redis.call('HSET', key, 'record', ARGV[1], 'sidKey', sidKey, 'subKey', subKey)
redis.call('PEXPIRE', key, ttl)
for _, index in ipairs({ sidKey, subKey }) do
  if index ~= '' then
    redis.call('SADD', index, id)
    local left = redis.call('PTTL', index)
    if left < ttl then redis.call('PEXPIRE', index, ttl) end
  end
end
return 1
`;

/** KEYS: session. ARGV: id. Returns the record JSON or false. */
export const DELETE_ONE_SCRIPT = `${DROP}
return drop(KEYS[1], ARGV[1])
`;

/**
 * KEYS: subject index. ARGV: session key prefix, now (ms). Drops members whose session hash has
 * expired (TTL) and counts those not idle-expired either (the idle expiry is only in the record).
 */
export const COUNT_INDEXED_SCRIPT = `
local n = 0
local now = tonumber(ARGV[2])
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local json = redis.call('HGET', ARGV[1] .. id, 'record')
  if not json then
    redis.call('SREM', KEYS[1], id)
  else
    local record = cjson.decode(json)
    if math.min(record.idleExpiresAt, record.expiresAt) > now then n = n + 1 end
  end
end
return n
`;

/** KEYS: index set. ARGV: session key prefix. Returns the record JSONs of the sessions removed. */
export const DELETE_INDEXED_SCRIPT = `${DROP}
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = drop(ARGV[1] .. id, id)
  if record then table.insert(out, record) end
end
redis.call('DEL', KEYS[1])
return out
`;
