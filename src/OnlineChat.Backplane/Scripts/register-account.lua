-- uses: helpers
-- ARGV: prefix, name, token, password hash, now (Unix ms), the client's address, the most accounts one address
-- may register in a window (0: no limit), the window (ms).
-- Makes the name the token holds an account. Returns {'ok'}, {'session'} (the token no longer holds the
-- name), {'exists'} (it is an account already) or {'toomany', ms until the address may register again}.
-- Accounts are never deleted, so without the address's count one script could fill Redis with them.
-- The count is a fixed window started by the address's first registration; only registrations made count.
local name, token, address = ARGV[2], ARGV[3], ARGV[6]
local limit, window = tonumber(ARGV[7]), tonumber(ARGV[8])
if not holds(name, token) then return {'session'} end
if redis.call('EXISTS', accountKey(name)) == 1 then return {'exists'} end
local countKey = prefix .. 'registrations:' .. string.lower(address)
if limit > 0 and tonumber(redis.call('GET', countKey) or '0') >= limit then
  local left = redis.call('PTTL', countKey)
  return {'toomany', left > 0 and left or window}
end
redis.call('HSET', accountKey(name), 'name', name, 'password', ARGV[4], 'created', ARGV[5])
if limit > 0 and redis.call('INCR', countKey) == 1 then redis.call('PEXPIRE', countKey, window) end
return {'ok'}
