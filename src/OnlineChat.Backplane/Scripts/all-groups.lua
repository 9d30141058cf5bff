-- uses: helpers
-- ARGV: prefix, user asking, moderator flag, cursor ('0' to start), groups to read (about; HSCAN's COUNT).
-- One page of the groups: returns the cursor for the next page ('0' when this was the last), then flat
-- quadruples: group, owner, member count, 'invite' or ''. A page at a time, so that listing 20,000 groups
-- holds Redis (and every message behind it) for a page's time, not the whole list's. HSCAN may return a
-- group twice; the caller keeps one of each.
-- An invite-only group is listed only to its members (and moderators).
local scan = redis.call('HSCAN', groupsKey, ARGV[4], 'COUNT', ARGV[5])
local out = { scan[1] }
local page = scan[2]
for i = 1, #page, 2 do
  local g = page[i]
  if maySee(g, ARGV[2], ARGV[3]) then
    table.insert(out, g)
    table.insert(out, page[i + 1])
    table.insert(out, redis.call('ZCARD', membersKey(g)))
    table.insert(out, isInviteOnly(g) and 'invite' or '')
  end
end
return out
