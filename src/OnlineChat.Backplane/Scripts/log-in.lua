-- uses: helpers
-- ARGV: prefix, account name (as registered), token, gateway id.
-- Gives the account's name to the token after its password was checked. If another login holds it, that
-- login ends here (its gateway is told to close it); its group memberships stay with the name. Returns
-- { 'ok', the replaced login's token or '' } or { 'lease' } when the gateway holds no lease.
local name, token = ARGV[2], ARGV[3]
if not redis.call('ZSCORE', gatewaysKey, ARGV[4]) then return { 'lease' } end
local holder = findUser(name)
local replaced = ''
if holder then
  replaced = redis.call('HGET', usersKey, holder)
  unregister(holder, replaced)
end
register(name, token)
return { 'ok', replaced }
