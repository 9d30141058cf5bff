-- uses: helpers
-- ARGV: prefix. Returns flat triples: group, owner, member count.
local out = {}
local all = redis.call('HGETALL', groupsKey)
for i = 1, #all, 2 do
  table.insert(out, all[i])
  table.insert(out, all[i + 1])
  table.insert(out, redis.call('ZCARD', membersKey(all[i])))
end
return out
