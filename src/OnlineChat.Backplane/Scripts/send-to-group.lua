-- uses: helpers
-- ARGV: prefix, group (any case), sender, envelope, gateway channel prefix.
-- Publishes the envelope once per gateway that has online members other than the sender, with "To" set
-- to that gateway's members: the envelope is a JSON object without "To", so the script puts the field
-- in front of the others. Returns 'nogroup' | 'notmember' | 'ok'.
local group = findGroup(ARGV[2])
if not group then return 'nogroup' end
if not redis.call('ZSCORE', membersKey(group), ARGV[3]) then return 'notmember' end
local names, gateways = {}, {}
for _, m in ipairs(redis.call('ZRANGE', membersKey(group), 0, -1)) do
  local token = m ~= ARGV[3] and redis.call('HGET', usersKey, m)
  if token then
    local gateway = gatewayOf(token)
    if not names[gateway] then
      names[gateway] = {}
      table.insert(gateways, gateway)
    end
    table.insert(names[gateway], cjson.encode(m))
  end
end
local rest = string.sub(ARGV[4], 2)
for _, gateway in ipairs(gateways) do
  redis.call('PUBLISH', ARGV[5] .. gateway, '{"To":[' .. table.concat(names[gateway], ',') .. '],' .. rest)
end
return 'ok'
