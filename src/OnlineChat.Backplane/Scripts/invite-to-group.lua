-- uses: helpers
-- ARGV: prefix, group (any case), user (the owner or a moderator), token, invitee (any case), moderator flag.
-- The owner invites someone, online or not, to join. Returns { 'session' | 'nogroup' | 'notowner' |
-- 'member' } or { 'ok', group as created, invitee as spelled online (or as asked), their token or '' }.
local user, invitee = ARGV[3], ARGV[5]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group or not maySee(group, user, ARGV[6]) then return { 'nogroup' } end
if not mayManage(group, user, ARGV[6]) then return { 'notowner' } end
local online = findUser(invitee)
if online then invitee = online end
if isMember(group, invitee) then return { 'member' } end
redis.call('SADD', invitedKey(group), string.lower(invitee))
return { 'ok', group, invitee, online and redis.call('HGET', usersKey, online) or '' }
