-- uses: helpers
-- ARGV: prefix, group (any case), user, token.
-- Returns { 'session' | 'nogroup' | 'member' } or { 'ok', group as created, members with tokens... }
-- (the joiner included).
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group then return { 'nogroup' } end
if redis.call('ZSCORE', membersKey(group), user) then return { 'member' } end
addMember(group, user)
return withTokens(redis.call('ZRANGE', membersKey(group), 0, -1), { 'ok', group })
