-- uses: helpers
-- ARGV: prefix, group (any case), user (the owner or a moderator), token, invitee (any case), moderator flag.
-- The owner invites a user who is online, or an account, online or not (see invitationOf: a guest's
-- invitation is for its login). Returns { 'session' | 'nogroup' | 'notowner' | 'nouser' }, { 'member' |
-- 'invited', group as created, invitee as spelled } (a member already; invited already, so not told again),
-- or { 'ok', group as created, invitee as spelled online or registered, their token or '' }.
local user, invitee = ARGV[3], ARGV[5]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group or not maySee(group, user, ARGV[6]) then return { 'nogroup' } end
if not mayManage(group, user, ARGV[6]) then return { 'notowner' } end
local online = findUser(invitee)
invitee = online or accountName(invitee)
if not invitee then return { 'nouser' } end
if isMember(group, invitee) then return { 'member', group, invitee } end
if redis.call('SADD', invitedKey(group), invitationOf(invitee)) == 0 then return { 'invited', group, invitee } end
return { 'ok', group, invitee, online and redis.call('HGET', usersKey, online) or '' }
