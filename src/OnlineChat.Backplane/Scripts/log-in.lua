-- uses: helpers
-- ARGV: prefix, account name (as registered), token, gateway id.
-- Gives the account's name to the token after its password was checked. If another login holds it, that
-- login ends here (its gateway is told to close it); its group memberships stay with the name. Returns
-- { 'ok', the replaced login's token or '', the log id its last login ended at or '', the log's last id
-- now or '' } or { 'lease' } when the gateway holds no lease. What the log gets after that last id is for
-- the new login live; what came before and after the last login, it missed.
local name, token = ARGV[2], ARGV[3]
if not redis.call('ZSCORE', gatewaysKey, ARGV[4]) then return { 'lease' } end
local holder = findUser(name)
local replaced = ''
if holder then
  replaced = redis.call('HGET', usersKey, holder)
  if replaced == token then
    replaced = '' -- this login asked again (its answer was lost): there is no other login to end
  else
    unregister(holder, replaced)
    redis.call('ZREM', suspendedKey, holder)
  end
end
register(name, token)
return { 'ok', replaced, redis.call('HGET', accountKey(name), 'seen') or '', lastLogId() }
