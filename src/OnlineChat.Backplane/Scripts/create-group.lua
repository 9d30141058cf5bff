-- uses: helpers
-- ARGV: prefix, group, user, token. Returns 'session' | 'exists' | 'ok'.
local group, user = ARGV[2], ARGV[3]
if not holds(user, ARGV[4]) then return 'session' end
if findGroup(group) then return 'exists' end
redis.call('HSET', groupsKey, group, user)
redis.call('HSET', groupNamesKey, string.lower(group), group)
addMember(group, user)
return 'ok'
