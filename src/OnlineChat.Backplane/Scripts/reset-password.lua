-- uses: helpers
-- ARGV: prefix, account (any case), password hash.
-- The operator gives an account a new password: a moderator who forgot hers has nobody in the chat who may
-- (set-password.lua keeps a moderator's password its owner's alone). Returns the account's name as
-- registered, or false when there is no such account.
local account = ARGV[2]
if not isAccount(account) then return false end
redis.call('HSET', accountKey(account), 'password', ARGV[3])
return redis.call('HGET', accountKey(account), 'name')
