-- uses: helpers
-- ARGV: prefix, group (any case), user, token.
-- Returns { 'session' | 'nogroup' | 'notmember' } or { 'ok', leave() result }.
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group then return { 'nogroup' } end
if not redis.call('ZSCORE', membersKey(group), user) then return { 'notmember' } end
return { 'ok', leave(group, user) }
