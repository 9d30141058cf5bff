-- uses: helpers
-- ARGV: prefix, target ('' for the room), asker, count, moderator flag, oldest id shown ('{ms}-0', the age limit),
-- scope ('group': only a group, 'user': only a user, '': either, a group first).
-- The last count messages of the room, of the group target if the asker is in it (any group, for a
-- moderator), or else of the asker's PMs with the user target (online or an account), oldest first.
-- Returns { 'room' | 'group' | 'user', name as spelled, id1, envelope1, id2, envelope2, ... } | { 'notfound' }.
local target, asker, count = ARGV[2], ARGV[3], tonumber(ARGV[4])
local kind, key, name = 'room', roomHistoryKey, ''
if target ~= '' then
  local scope = ARGV[7] or ''
  local g = scope ~= 'user' and findGroup(target)
  local u = scope ~= 'group' and (findUser(target) or accountName(target))
  if g and (isMember(g, asker) or isModerator(asker, ARGV[5])) then
    kind, key, name = 'group', groupHistoryKey(g), g
  elseif u then
    kind, key, name = 'user', pmHistoryKey(asker, u), u
  else
    return { 'notfound' }
  end
end

-- A list is trimmed by length as it is written and expires a whole age after its last message: what is
-- older than the age limit is left out here.
historyAsList(key)
local oldest = tonumber(string.match(ARGV[6], '^(%d+)'))
local result = { kind, name }
for _, line in ipairs(redis.call('LRANGE', key, -count, -1)) do
  local id, envelope = string.match(line, '^(%S+) (.*)$')
  if id and tonumber(string.match(id, '^(%d+)')) >= oldest then
    table.insert(result, id)
    table.insert(result, envelope)
  end
end
return result
