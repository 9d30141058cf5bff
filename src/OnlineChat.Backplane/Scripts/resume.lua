-- uses: helpers
-- ARGV: prefix, name (any case), secret, new token, gateway id.
-- Moves a resumable login to a new connection, suspended or not (a client may notice a dead network before
-- its gateway does). Returns { 'ok', name as spelled, the token it replaces } | { 'lease' } when the new
-- gateway holds no lease | { 'unknown' } when there is no such login to resume (its window passed, or it
-- was never resumable, or the secret is wrong).
local token = ARGV[4]
if not redis.call('ZSCORE', gatewaysKey, ARGV[5]) then return { 'lease' } end
local name = findUser(ARGV[2])
if not name or redis.call('HGET', resumableKey, string.lower(name)) ~= ARGV[3] then return { 'unknown' } end
local replaced = redis.call('HGET', usersKey, name)
redis.call('HDEL', gatewayUsersKey(gatewayOf(replaced)), name)
register(name, token)
redis.call('ZREM', suspendedKey, name)
return { 'ok', name, replaced }
