-- uses: helpers
-- ARGV: prefix, group (any case), user asking.
-- Returns { 'nogroup' } (also for an invite-only group the user is not in: its existence is private) or
-- { 'ok', group as created, owner, members in the order they joined... }.
local group = findGroup(ARGV[2])
if not group or (isInviteOnly(group) and not isMember(group, ARGV[3])) then return { 'nogroup' } end
local out = { 'ok', group, redis.call('HGET', groupsKey, group) }
for _, m in ipairs(redis.call('ZRANGE', membersKey(group), 0, -1)) do table.insert(out, m) end
return out
