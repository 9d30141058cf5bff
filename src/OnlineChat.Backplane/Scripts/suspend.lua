-- uses: helpers
-- ARGV: prefix, name, token, until (Unix ms), the last log id the login was given ('' when not known).
-- The connection of a resumable login dropped (or its gateway died): the name, groups and place in the
-- log stay until the time given, so that the client can resume on any gateway (resume.lua) without anyone
-- seeing it leave. The gateway no longer lists it. Returns 1, or 0 when the token no longer holds the name.
local name, token = ARGV[2], ARGV[3]
unlist(name, token)
if not holds(name, token) then return 0 end
redis.call('ZADD', suspendedKey, ARGV[4], name)
-- Should the window pass, an account's next login gets what it missed from here (release.lua keeps it).
if ARGV[5] ~= '' and isAccount(name) then redis.call('HSET', accountKey(name), 'seen', ARGV[5]) end
return 1
