-- KEYS: gateways. ARGV: gateway id, now (Unix ms). Takes an expired lease away; 1 if this caller took it.
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if expiry and tonumber(expiry) <= tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
