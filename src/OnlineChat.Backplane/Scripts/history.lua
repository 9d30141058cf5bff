-- uses: helpers
-- ARGV: prefix, target ('' for the room), asker, count, moderator flag.
-- The last count messages of the room, of the group target if the asker is in it (any group, for a
-- moderator), or else of the asker's PMs with the user target (online or an account), oldest first.
-- Returns { 'room' | 'group' | 'user', name as spelled, id1, envelope1, id2, envelope2, ... } | { 'notfound' }.
local target, asker, count = ARGV[2], ARGV[3], tonumber(ARGV[4])
local kind, key, name = 'room', roomHistoryKey, ''
if target ~= '' then
  local g = findGroup(target)
  local u = findUser(target)
  if not u and isAccount(target) then u = redis.call('HGET', accountKey(target), 'name') end
  if g and (isMember(g, asker) or isModerator(asker, ARGV[5])) then
    kind, key, name = 'group', groupHistoryKey(g), g
  elseif u then
    kind, key, name = 'user', pmHistoryKey(asker, u), u
  else
    return { 'notfound' }
  end
end

local entries = redis.call('XREVRANGE', key, '+', '-', 'COUNT', count)
local result = { kind, name }
for i = #entries, 1, -1 do
  table.insert(result, entries[i][1])
  table.insert(result, entries[i][2][2])
end
return result
