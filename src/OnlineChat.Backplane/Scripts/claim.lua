-- uses: helpers
-- ARGV: prefix, name, token, gateway id, max suffix, max length.
-- Claims the name or the first free name1, name2, ... for the token. A name is free when nobody online
-- holds it in any spelling of case and no account has it; a suffix shortens the name so it stays within
-- the length limit. Returns { status, final name, 1 if the name asked for is an account's else 0, the log's
-- last id as the name was granted ('' for an empty log): what the gateway reads from, since a message for the
-- name may be published before the gateway has the session in place }:
-- status 'ok'; 'recovering' (the directory is being rebuilt after Redis lost it: claims wait so that the
-- users still connected get their names back first); 'lease' (the gateway holds no lease); 'full'.
local name, token = ARGV[2], ARGV[3]
local registered = redis.call('EXISTS', accountKey(name))
if redis.call('EXISTS', readyKey) == 0 then return { 'recovering', '', registered } end
if not redis.call('ZSCORE', gatewaysKey, ARGV[4]) then return { 'lease', '', registered } end
local maxLength = tonumber(ARGV[6])
for i = 0, tonumber(ARGV[5]) do
  local candidate = name
  if i > 0 then candidate = string.sub(name, 1, maxLength - #tostring(i)) .. i end
  local holder = findUser(candidate)
  if not holder and redis.call('EXISTS', accountKey(candidate)) == 0 then
    register(candidate, token)
    redis.call('HSET', idsKey, string.lower(candidate), 'g' .. redis.call('INCR', prefix .. 'seq'))
    return { 'ok', candidate, registered, lastLogId() }
  elseif holder and holds(holder, token) then
    return { 'ok', holder, registered, lastLogId() }
  end
end
return { 'full', '', registered }
