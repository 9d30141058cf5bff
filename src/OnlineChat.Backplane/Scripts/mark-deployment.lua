-- KEYS: deployment mark. ARGV: this deployment's id, time to live (ms).
-- Marks this Redis as the deployment's own, or renews the mark; returns the deployment that holds it,
-- which is another one's while that one is alive (then nothing is written).
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
