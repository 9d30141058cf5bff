-- uses: helpers
-- ARGV: prefix, group (any case), user, token, 'invite' or 'open'.
-- The owner makes the group invite-only or open again. Returns { 'session' | 'nogroup' | 'notowner' }
-- or { 'ok', group as created }.
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group or (isInviteOnly(group) and not isMember(group, user)) then return { 'nogroup' } end
if redis.call('HGET', groupsKey, group) ~= user then return { 'notowner' } end
if ARGV[5] == 'invite' then
  redis.call('HSET', groupModesKey, group, 'invite')
else
  redis.call('HDEL', groupModesKey, group)
end
return { 'ok', group }
