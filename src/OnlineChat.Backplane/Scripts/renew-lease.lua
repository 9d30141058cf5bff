-- KEYS: gateways, gateway users, deployment mark. ARGV: gateway id, new expiry (Unix ms).
-- The one write a gateway makes: its own lease (its heartbeat), nothing of the directory.
-- Returns { 1 if the lease was still held else 0, users the directory has for this gateway,
--           the deployment that marked this Redis or '' }.
local held = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return { held and 1 or 0, redis.call('HLEN', KEYS[2]), redis.call('GET', KEYS[3]) or '' }
