-- uses: helpers
-- ARGV: prefix, user. The groups the user is in.
return redis.call('SMEMBERS', userGroupsKey(ARGV[2]))
