-- uses: helpers
-- ARGV: prefix, group (any case), user (the owner or a moderator), token, member to remove (any case),
-- moderator flag. The owner removes a member (and their invitation). Returns { 'session' | 'nogroup' | 'notowner' |
-- 'self' }, { 'notmember', group as created, the user as spelled online or registered (else as given) }, or
-- { 'ok', member as spelled in the group, their token or '', leave() result }.
local user = ARGV[3]
if not holds(user, ARGV[4]) then return { 'session' } end
local group = findGroup(ARGV[2])
if not group or not maySee(group, user, ARGV[6]) then return { 'nogroup' } end
if not mayManage(group, user, ARGV[6]) then return { 'notowner' } end
local target = findUser(ARGV[5]) or ARGV[5]
if not isMember(group, target) then
  -- An offline member is in the group as spelled when they joined: look for them ignoring case.
  target = nil
  for _, m in ipairs(redis.call('ZRANGE', membersKey(group), 0, -1)) do
    if string.lower(m) == string.lower(ARGV[5]) then target = m end
  end
  if not target then
    return { 'notmember', group, findUser(ARGV[5]) or accountName(ARGV[5]) or ARGV[5] }
  end
end
if target == user then return { 'self' } end
forgetInvitation(group, target)
local token = redis.call('HGET', usersKey, target) or ''
return { 'ok', target, token, leave(group, target) }
