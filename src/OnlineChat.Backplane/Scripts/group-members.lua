-- uses: helpers
-- ARGV: prefix, group (any case), user asking, moderator flag.
-- Returns { 'nogroup' } (also for an invite-only group the user is not in: its existence is private) or
-- { 'ok', group as created, owner, members in the order they joined... }.
local group = findGroup(ARGV[2])
if not group or not maySee(group, ARGV[3], ARGV[4]) then return { 'nogroup' } end
local out = { 'ok', group, redis.call('HGET', groupsKey, group) }
for _, m in ipairs(redis.call('ZRANGE', membersKey(group), 0, -1)) do table.insert(out, m) end
return out
