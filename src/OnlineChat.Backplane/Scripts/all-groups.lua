-- uses: helpers
-- ARGV: prefix, user asking, moderator flag. Returns flat quadruples: group, owner, member count, 'invite' or ''.
-- An invite-only group is listed only to its members (and moderators).
local out = {}
local all = redis.call('HGETALL', groupsKey)
for i = 1, #all, 2 do
  local g = all[i]
  local inviteOnly = isInviteOnly(g)
  if maySee(g, ARGV[2], ARGV[3]) then
    table.insert(out, g)
    table.insert(out, all[i + 1])
    table.insert(out, redis.call('ZCARD', membersKey(g)))
    table.insert(out, inviteOnly and 'invite' or '')
  end
end
return out
