-- uses: helpers
-- ARGV: prefix, user, token, account (any case), password hash, moderator flag.
-- Gives an account a new password: one's own account (the user is logged in to it), or, for a moderator,
-- anyone's (a student who forgot theirs). Returns { 'session' | 'notaccount' | 'notmoderator' | 'noaccount' }
-- or { 'ok', the account's name as registered }.
local user, account = ARGV[2], ARGV[4]
if not holds(user, ARGV[3]) then return { 'session' } end
if not isAccount(user) then return { 'notaccount' } end
if string.lower(account) ~= string.lower(user) and not isModerator(user, ARGV[6]) then return { 'notmoderator' } end
if not isAccount(account) then return { 'noaccount' } end
redis.call('HSET', accountKey(account), 'password', ARGV[5])
return { 'ok', redis.call('HGET', accountKey(account), 'name') }
