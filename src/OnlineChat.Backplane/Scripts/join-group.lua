-- uses: helpers
-- ARGV: prefix, group (any case), user, token, moderator flag, the most groups a user may be in (0: no limit).
-- Returns { 'session' | 'nogroup' | 'member' | 'inviteonly' | 'toomany' } or { 'ok', group as created,
-- members with tokens... } (the joiner included). An invite-only group takes only those its owner invited.
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group then return { 'nogroup' } end
if isMember(group, user) then return { 'member' } end
if isInviteOnly(group) and not isInvited(group, user) and not isModerator(user, ARGV[5]) then
  return { 'inviteonly' }
end
if inTooManyGroups(user, ARGV[6]) then return { 'toomany' } end
addMember(group, user)
return withTokens(redis.call('ZRANGE', membersKey(group), 0, -1), { 'ok', group })
