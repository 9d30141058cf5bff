-- KEYS: the account's failure counter, the address's. ARGV: now (Unix ms), how long a failure counts (ms).
-- Counts one failed login against both; each counter is a hash { failures, last } that expires once
-- nobody failed for that long.
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'failures', 1)
  redis.call('HSET', key, 'last', ARGV[1])
  redis.call('PEXPIRE', key, ARGV[2])
end
return 1
