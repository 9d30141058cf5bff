-- uses: helpers
-- ARGV: prefix, group (any case), user, token, 'invite' or 'open', moderator flag.
-- The owner (or a moderator) makes the group invite-only or open again. Returns { 'session' | 'nogroup' | 'notowner' },
-- { 'ok', group as created }, or { 'same', group as created } when it was so already.
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group or not maySee(group, user, ARGV[6]) then return { 'nogroup' } end
if not mayManage(group, user, ARGV[6]) then return { 'notowner' } end
if isInviteOnly(group) == (ARGV[5] == 'invite') then return { 'same', group } end
if ARGV[5] == 'invite' then
  redis.call('HSET', groupModesKey, group, 'invite')
else
  redis.call('HDEL', groupModesKey, group)
end
return { 'ok', group }
