-- uses: helpers
-- ARGV: prefix, name, token, password hash, now (Unix ms).
-- Makes the name the token holds an account. Returns 'ok', 'session' (the token no longer holds the name)
-- or 'exists' (it is an account already).
local name, token = ARGV[2], ARGV[3]
if not holds(name, token) then return 'session' end
if redis.call('HSETNX', accountKey(name), 'name', name) == 0 then return 'exists' end
redis.call('HSET', accountKey(name), 'password', ARGV[4], 'created', ARGV[5])
return 'ok'
