-- uses: helpers
-- ARGV: prefix, name, token, secret.
-- The client of this login asked to be able to resume it (see resume.lua). Returns 1, or 0 when the
-- token no longer holds the name.
if not holds(ARGV[2], ARGV[3]) then return 0 end
local old = redis.call('HGET', resumableKey, string.lower(ARGV[2]))
if old then redis.call('HDEL', clientSeqKey, old) end
redis.call('HSET', resumableKey, string.lower(ARGV[2]), ARGV[4])
return 1
