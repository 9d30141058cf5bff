-- uses: helpers
-- ARGV: prefix, name, token, the last message log id the login was given ('' when not known).
-- Ends the login of token: frees the name and takes a guest out of every group (an account's memberships
-- and ownerships stay while it is away, and the account remembers the log id, so that its next login gets
-- what it missed). Returns false when the token no longer held the name (released
-- already, or taken over by a newer login), else one leave() result per group left.
local name, token = ARGV[2], ARGV[3]
unlist(name, token)
if not holds(name, token) then return false end
unregister(name, token)
local secret = redis.call('HGET', resumableKey, string.lower(name))
if secret then redis.call('HDEL', clientSeqKey, secret) end
redis.call('HDEL', resumableKey, string.lower(name))
redis.call('ZREM', suspendedKey, name)
local result = {}
if isAccount(name) then
  if ARGV[4] ~= '' then redis.call('HSET', accountKey(name), 'seen', ARGV[4]) end
  return result
end
redis.call('HDEL', idsKey, string.lower(name))
for _, g in ipairs(redis.call('SMEMBERS', userGroupsKey(name))) do
  table.insert(result, leave(g, name))
end
redis.call('DEL', userGroupsKey(name))
return result
