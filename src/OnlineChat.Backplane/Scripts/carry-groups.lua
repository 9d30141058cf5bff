-- uses: helpers
-- ARGV: prefix, guest name, account name, token, the most groups a user may be in (0: no limit).
-- At a /login from a guest name, the account is the same person: in each of the guest's groups (in name
-- order) the account takes the guest's place, with its seniority and, if the guest owned the group, its
-- ownership. Where the account is a member already, only the guest goes (and its ownership passes to the
-- account); where the account is in as many groups as one user may be, nothing moves, and the guest leaves
-- that group with the release that follows. Run before that release, while the token still holds the name.
-- Returns one { group, '1' when the account joined it or '', '1' when the account owns it now or '', members
-- with tokens... } per group carried; {} when the token no longer holds the name or the name is an account's.
local guest, account, token = ARGV[2], ARGV[3], ARGV[4]
if not holds(guest, token) or isAccount(guest) then return {} end
local groups = redis.call('SMEMBERS', userGroupsKey(guest))
table.sort(groups)
local result = {}
for _, g in ipairs(groups) do
  local already = isMember(g, account)
  if already or not inTooManyGroups(account, ARGV[5]) then
    local key = membersKey(g)
    if not already then
      redis.call('ZADD', key, redis.call('ZSCORE', key, guest), account)
      redis.call('SADD', userGroupsKey(account), g)
    end
    redis.call('ZREM', key, guest)
    redis.call('SREM', userGroupsKey(guest), g)
    local owns = ''
    if redis.call('HGET', groupsKey, g) == guest then
      redis.call('HSET', groupsKey, g, account)
      owns = '1'
    end
    table.insert(result, withTokens(redis.call('ZRANGE', key, 0, -1), { g, already and '' or '1', owns }))
  end
end
return result
