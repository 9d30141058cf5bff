-- uses: helpers
-- ARGV: prefix, gateway channel prefix, the publish command ('PUBLISH', or 'SPUBLISH' for sharded pub/sub:
--       see ChatKeys), log length, history length, oldest id kept ('{ms}-0', the age limit; '' to leave
--       the log's age alone this time: the caller asks about once a second), history age (ms), then 7
--       values per message, as many messages as the caller batched:
--       audience kind, target, sender, envelope, '1' to keep it in a conversation's history, and for a
--       numbered frame of a client that resumes, its login's secret and the frame's number ('' '0'
--       otherwise): a number not above the last one accepted for that login is a frame sent again after a
--       dropped connection, already published, and is not published twice.
-- The one way messages and notices reach users. Each is written to the log (and a message to its
-- conversation's history, a list: see appendToHistory) before it is published, as the line '{id} {audience} {envelope}',
-- or for a group message '{id} {audience} #{group} {envelope}', the group as created (the sender may have typed
-- it in any case; the log entry keeps it as 'g'), so every member reads the group's own name. A gateway's
-- lines of the whole batch go out as one PUBLISH on its channel, joined by '\n' in log order (an envelope
-- is compact JSON, which never holds a raw newline): one message for Redis to write and for the gateway to
-- wake up for, however many messages the batch held. The audience is '*' (everyone on that gateway but the
-- envelope's Except) or the recipients' names joined by ',' (names hold no ',' or ' '); the log keeps the
-- same audience, so a gateway or a client that missed the publish finds exactly what was theirs.
-- Audience kinds: 'all': every gateway holding a lease; 'user': the user target (any case), or, when
-- nobody of that name is online, the account of that name (logged only: its next login gets it);
-- 'group': the other members of group target, provided the sender is one; 'names': the users in target
-- (names joined by ',') who are online. A recipient whose session is suspended (dropped, may resume) still
-- counts: its gateway's channel may have no listener, and the log has the message for it.
-- Returns three values per message: 'ok' id | 'offline' id (a PM to an account that is away) | 'dup' '' |
-- 'nouser' '' | 'nogroup' '' | 'notmember' '', then a PM's recipient as spelled online or registered (the
-- sender may have typed it in any case; '' for the other kinds and for 'nouser' and 'dup').
local channelPrefix, publishCommand = ARGV[2], ARGV[3]
local logLength, historyLength, oldestKept, historyAge = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if publishCommand ~= 'PUBLISH' and publishCommand ~= 'SPUBLISH' then
  return redis.error_reply('publish.lua: the publish command must be PUBLISH or SPUBLISH, not ' .. publishCommand)
end
local lines, gatewayOrder = {}, {}
local results = {}

local function publish(kind, target, sender, envelope, keepInHistory, secret, number)
  local names, gateways, seen, recipient = {}, {}, {}, ''
  -- Those of the users who are online (or suspended), with their gateways: one HMGET for a whole group, as
  -- each call from a script costs about as much as the lookup it makes.
  local function addRecipients(users)
    for from = 1, #users, 1000 do -- unpack's stack holds a few thousand values: large groups go in slices
      local last = math.min(from + 999, #users)
      local tokens = redis.call('HMGET', usersKey, unpack(users, from, last))
      for i = from, last do
        local u, token = users[i], tokens[i - from + 1]
        if token then
          table.insert(names, u)
          local g = gatewayOf(token)
          if not seen[g] then
            seen[g] = true
            table.insert(gateways, g)
          end
        end
      end
    end
  end

  local audience, historyKey, group = nil, nil, nil
  if kind == 'all' then
    audience = '*'
    gateways = redis.call('ZRANGE', gatewaysKey, 0, -1)
    historyKey = roomHistoryKey
  elseif kind == 'user' then
    local u = findUser(target)
    if u then
      addRecipients({ u })
    else
      u = accountName(target)
      if u then table.insert(names, u) end
    end
    if #names == 0 then return 'nouser', '', '' end
    recipient = u
    -- Four lookups (whose login each side is): only when there is a history to write.
    if keepInHistory then historyKey = pmHistoryKey(sender, u) end
  elseif kind == 'group' then
    local g = findGroup(target)
    if not g then return 'nogroup', '', '' end
    -- The member list says whether the sender is one: no call of its own for that.
    local others, member = {}, false
    for _, m in ipairs(redis.call('ZRANGE', membersKey(g), 0, -1)) do
      if m == sender then member = true else table.insert(others, m) end
    end
    if not member then return 'notmember', '', '' end
    addRecipients(others)
    historyKey = groupHistoryKey(g)
    group = g
  else
    local users = {}
    for u in string.gmatch(target, '[^,]+') do table.insert(users, u) end
    addRecipients(users)
  end
  audience = audience or table.concat(names, ',')

  if secret ~= '' and number > 0 then
    if number <= tonumber(redis.call('HGET', clientSeqKey, secret) or '0') then return 'dup', '', '' end
    redis.call('HSET', clientSeqKey, secret, number)
  end

  local id
  if group then
    id = redis.call('XADD', logKey, 'MAXLEN', '~', logLength, '*', 'a', audience, 'g', group, 'e', envelope)
  else
    id = redis.call('XADD', logKey, 'MAXLEN', '~', logLength, '*', 'a', audience, 'e', envelope)
  end
  if keepInHistory and historyKey then
    appendToHistory(historyKey, id, envelope, historyLength, historyAge)
  end

  if audience ~= '' then
    local line = id .. ' ' .. audience .. ' ' .. (group and ('#' .. group .. ' ') or '') .. envelope
    for _, g in ipairs(gateways) do
      if not lines[g] then
        lines[g] = {}
        table.insert(gatewayOrder, g)
      end
      table.insert(lines[g], line)
    end
  end
  if #gateways == 0 and kind == 'user' then return 'offline', id, recipient end
  return 'ok', id, recipient
end

for i = 8, #ARGV, 7 do
  local status, id, named = publish(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4] == '1', ARGV[i + 5], tonumber(ARGV[i + 6]))
  table.insert(results, status)
  table.insert(results, id)
  table.insert(results, named)
end
-- The age limit moves by the clock, not by the message: trimmed when the caller says (about once a second).
if oldestKept ~= '' then
  redis.call('XTRIM', logKey, 'MINID', '~', oldestKept)
end

for _, g in ipairs(gatewayOrder) do
  redis.call(publishCommand, channelPrefix .. g, table.concat(lines[g], '\n'))
end
return results
