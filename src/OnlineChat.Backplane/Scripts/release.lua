-- uses: helpers
-- ARGV: prefix, name, token.
-- Ends the login of token: frees the name and takes the user out of every group. Returns false when the
-- token no longer held the name (released already, or taken over by a newer login), else one leave()
-- result per group.
local name, token = ARGV[2], ARGV[3]
redis.call('HDEL', gatewayUsersKey(gatewayOf(token)), name)
if not holds(name, token) then return false end
unregister(name, token)
local result = {}
for _, g in ipairs(redis.call('SMEMBERS', userGroupsKey(name))) do
  table.insert(result, leave(g, name))
end
redis.call('DEL', userGroupsKey(name))
return result
