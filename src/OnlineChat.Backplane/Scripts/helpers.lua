-- Shared by the directory scripts that start with "-- uses: helpers" (DirectoryScript prepends this file).
-- ARGV[1] is always the key prefix. The keys are the ones ChatKeys names (DirectoryScriptTests pins that):
--   users          hash: online name -> session token "{gatewayId}/{connectionId}"
--   names          hash: lower-case name -> online name (names are unique ignoring case)
--   gateway:{id}:users  hash: name -> token, the users one gateway registered
--   gateways       sorted set: gateway id -> lease expiry (Unix ms)
--   groups         hash: group -> owner;  groupnames: lower-case group -> group
--   groupmodes     hash: group -> 'invite' for an invite-only group (absent: anyone may join)
--   group:{g}:invited   set: whom the owner invited to an invite-only group, "{login mark}:{lower-case name}" (invitationOf)
--   group:{g}:members   sorted set: member -> join sequence (the oldest member inherits ownership)
--   user:{u}:groups     set: groups the user is in
--   account:{lower-case name}  hash: name, password (a PasswordHasher hash), created (Unix ms)
--   registrations:{lower-case address}  counter: accounts registered from the address in its window (register-account.lua)
--   mutes          hash: lower-case name -> "{until Unix ms}|{name}" for users a moderator muted
--   seq            counter for join sequences;  ready: set once the directory is whole (see DirectoryRecovery)
--   ids            hash: lower-case guest name -> 'g{n}', which login of that name this is (PM history is kept
--                  per pair of logins, so a later guest of the same name never reads an earlier one's PMs)
--   resumable      hash: lower-case name -> the secret a client resumes its session with (see resume.lua)
--   suspended      sorted set: name -> until when (Unix ms) a dropped resumable session may still be resumed
--   clientseq      hash: resume secret -> the highest frame number a message was accepted under (publish.lua)
--   log            stream: every message and notice, with its audience (see publish.lua)
--   history:room, history:group:{lower g}, history:pm:{a}|{b}   lists of '{id} {event}': each conversation's messages
local prefix = ARGV[1]
local usersKey = prefix .. 'users'
local namesKey = prefix .. 'names'
local groupsKey = prefix .. 'groups'
local groupNamesKey = prefix .. 'groupnames'
local groupModesKey = prefix .. 'groupmodes'
local gatewaysKey = prefix .. 'gateways'
local readyKey = prefix .. 'ready'
local idsKey = prefix .. 'ids'
local resumableKey = prefix .. 'resumable'
local suspendedKey = prefix .. 'suspended'
local logKey = prefix .. 'log'
local clientSeqKey = prefix .. 'clientseq'
local roomHistoryKey = prefix .. 'history:room'
local function gatewayUsersKey(id) return prefix .. 'gateway:' .. id .. ':users' end
local function membersKey(g) return prefix .. 'group:' .. g .. ':members' end
local function invitedKey(g) return prefix .. 'group:' .. g .. ':invited' end
local function userGroupsKey(u) return prefix .. 'user:' .. u .. ':groups' end
local function accountKey(u) return prefix .. 'account:' .. string.lower(u) end

-- The gateway part of a session token "{gatewayId}/{connectionId}" (see SessionToken).
local function gatewayOf(token)
  local slash = string.find(token, '/', 1, true)
  if slash then return string.sub(token, 1, slash - 1) end
  return token
end

-- The online user or the group as spelled when it was claimed or created, or false: both are unique
-- ignoring case (names are ASCII, so string.lower folds them completely).
local function findUser(u) return redis.call('HGET', namesKey, string.lower(u)) end
local function findGroup(g) return redis.call('HGET', groupNamesKey, string.lower(g)) end

local function holds(u, token) return redis.call('HGET', usersKey, u) == token end

local function isMember(g, u) return redis.call('ZSCORE', membersKey(g), u) ~= false end
local function isInviteOnly(g) return redis.call('HGET', groupModesKey, g) == 'invite' end
local function isAccount(u) return redis.call('EXISTS', accountKey(u)) == 1 end
-- The account's name as registered (any case may be asked for), or false when there is no such account.
local function accountName(u) return redis.call('HGET', accountKey(u), 'name') end
-- Where the log ends now ('' when empty): a login granted here reads what came for it after this point.
local function lastLogId()
  local last = redis.call('XREVRANGE', logKey, '+', '-', 'COUNT', 1)
  return last[1] and last[1][1] or ''
end
-- Presence passes '1' for a user the operator made a moderator; it counts only for an account's name,
-- which nobody holds without logging in to it.
local function isModerator(u, flag) return flag == '1' and isAccount(u) end
local function mayManage(g, u, flag) return redis.call('HGET', groupsKey, g) == u or isModerator(u, flag) end
local function maySee(g, u, flag) return not isInviteOnly(g) or isMember(g, u) or isModerator(u, flag) end

-- Which login of a name this is: 'a' for an account (one person, whatever the login), else the guest
-- login's own mark, so that history kept for a guest is never shown to a later guest of the same name.
local function identityOf(u)
  if isAccount(u) then return 'a' end
  return redis.call('HGET', idsKey, string.lower(u)) or 'g'
end

-- Whom an invitation names: a login, not only a name. An account is one person whatever the login; a
-- guest's invitation is for that guest's login (its mark), so whoever takes the name after it left is not
-- invited. An account also keeps an invitation made to the guest login that registered it (the mark
-- outlives that login, as no guest can take an account's name), and one an earlier version kept by name.
local function invitationOf(u) return identityOf(u) .. ':' .. string.lower(u) end
local function invitationsOf(u)
  local lower = string.lower(u)
  local marks = { invitationOf(u) }
  if isAccount(u) then
    table.insert(marks, lower)
    local guestMark = redis.call('HGET', idsKey, lower)
    if guestMark then table.insert(marks, guestMark .. ':' .. lower) end
  end
  return marks
end
local function isInvited(g, u)
  for _, mark in ipairs(invitationsOf(u)) do
    if redis.call('SISMEMBER', invitedKey(g), mark) == 1 then return true end
  end
  return false
end
local function forgetInvitation(g, u) redis.call('SREM', invitedKey(g), unpack(invitationsOf(u))) end

local function groupHistoryKey(g) return prefix .. 'history:group:' .. string.lower(g) end
local function pmHistoryKey(a, b)
  local x, y = identityOf(a) .. ':' .. string.lower(a), identityOf(b) .. ':' .. string.lower(b)
  if x > y then x, y = y, x end
  return prefix .. 'history:pm:' .. x .. '|' .. y
end

-- A conversation's history is a list of '{id} {envelope}', newest last: a list costs a new conversation
-- (a PM pair's first message) ~0.3 KB and a few microseconds where a stream preallocates 4 KB and takes
-- ~30 µs. An earlier version kept streams: such a key is turned into a list the first time it is used.
local function historyAsList(key)
  if redis.call('TYPE', key)['ok'] ~= 'stream' then return end
  local entries = redis.call('XRANGE', key, '-', '+')
  redis.call('DEL', key)
  for _, entry in ipairs(entries) do
    redis.call('RPUSH', key, entry[1] .. ' ' .. entry[2][2])
  end
end

-- Two calls for most messages: the push, whose answer (the length) says whether a trim is due, and the
-- expiry. A key an earlier version kept as a stream refuses the push (WRONGTYPE): it is turned into a list
-- then, instead of asking every key its type first.
local function appendToHistory(key, id, envelope, length, ageMs)
  local entry = id .. ' ' .. envelope
  local count = redis.pcall('RPUSH', key, entry)
  if type(count) == 'table' then
    historyAsList(key)
    count = redis.call('RPUSH', key, entry)
  end
  if count > tonumber(length) then
    redis.call('LTRIM', key, -tonumber(length), -1)
  end
  redis.call('PEXPIRE', key, ageMs)
end

local function register(u, token)
  redis.call('HSET', usersKey, u, token)
  redis.call('HSET', namesKey, string.lower(u), u)
  redis.call('HSET', gatewayUsersKey(gatewayOf(token)), u, token)
end

-- Takes the name off its gateway's list if this login is the one listed: a newer login of the same account
-- on the same gateway is listed under the same name, and a lease renewal counting the list must find it.
local function unlist(u, token)
  local key = gatewayUsersKey(gatewayOf(token))
  if redis.call('HGET', key, u) == token then redis.call('HDEL', key, u) end
end

local function unregister(u, token)
  redis.call('HDEL', usersKey, u)
  redis.call('HDEL', namesKey, string.lower(u))
  redis.call('HDEL', gatewayUsersKey(gatewayOf(token)), u)
end

local function withTokens(names, out)
  for _, m in ipairs(names) do
    table.insert(out, m)
    table.insert(out, redis.call('HGET', usersKey, m) or '')
  end
  return out
end

-- Removes u from g; deletes an empty group and hands ownership to the oldest member.
-- Returns { g, newOwner or '', remaining members with tokens... }.
local function leave(g, u)
  local key = membersKey(g)
  redis.call('ZREM', key, u)
  redis.call('SREM', userGroupsKey(u), g)
  local remaining = redis.call('ZRANGE', key, 0, -1)
  local newOwner = ''
  if #remaining == 0 then
    redis.call('HDEL', groupsKey, g)
    redis.call('HDEL', groupNamesKey, string.lower(g))
    redis.call('HDEL', groupModesKey, g)
    redis.call('DEL', key, invitedKey(g), groupHistoryKey(g))
  elseif redis.call('HGET', groupsKey, g) == u then
    newOwner = remaining[1]
    redis.call('HSET', groupsKey, g, newOwner)
  end
  return withTokens(remaining, { g, newOwner })
end

-- Whether u is in as many groups as one user may be (limit '0' or '': none), so may join or create no more.
local function inTooManyGroups(u, limit)
  local most = tonumber(limit) or 0
  return most > 0 and redis.call('SCARD', userGroupsKey(u)) >= most
end

local function addMember(g, u)
  redis.call('ZADD', membersKey(g), redis.call('INCR', prefix .. 'seq'), u)
  redis.call('SADD', userGroupsKey(u), g)
end
