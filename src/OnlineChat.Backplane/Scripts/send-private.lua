-- uses: helpers
-- ARGV: prefix, recipient (any case), envelope, gateway channel prefix.
-- Publishes the envelope on the channel of the recipient's gateway, addressed to the recipient as they
-- are spelled online: the envelope is a JSON object without "To", and the script puts the field in front
-- of the others. Returns how many gateways heard it: 0 when nobody of that name is online.
local recipient = findUser(ARGV[2])
if not recipient then return 0 end
local token = redis.call('HGET', usersKey, recipient)
if not token then return 0 end
return redis.call('PUBLISH', ARGV[4] .. gatewayOf(token), '{"To":[' .. cjson.encode(recipient) .. '],' .. string.sub(ARGV[3], 2))
