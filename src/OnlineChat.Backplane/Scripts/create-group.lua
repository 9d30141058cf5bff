-- uses: helpers
-- ARGV: prefix, group, user, token, the most groups a user may be in (0: no limit).
-- Returns 'session' | 'exists' | 'toomany' | 'ok'. The creator is its first member.
local group, user = ARGV[2], ARGV[3]
if not holds(user, ARGV[4]) then return 'session' end
if findGroup(group) then return 'exists' end
if inTooManyGroups(user, ARGV[5]) then return 'toomany' end
redis.call('HSET', groupsKey, group, user)
redis.call('HSET', groupNamesKey, string.lower(group), group)
addMember(group, user)
return 'ok'
