-- uses: helpers
-- ARGV: prefix, name, token.
-- Ends the login of token: frees the name and takes a guest out of every group (an account's memberships
-- and ownerships stay while it is away). Returns false when the token no longer held the name (released
-- already, or taken over by a newer login), else one leave() result per group left.
local name, token = ARGV[2], ARGV[3]
redis.call('HDEL', gatewayUsersKey(gatewayOf(token)), name)
if not holds(name, token) then return false end
unregister(name, token)
local result = {}
if isAccount(name) then return result end
for _, g in ipairs(redis.call('SMEMBERS', userGroupsKey(name))) do
  table.insert(result, leave(g, name))
end
redis.call('DEL', userGroupsKey(name))
return result
