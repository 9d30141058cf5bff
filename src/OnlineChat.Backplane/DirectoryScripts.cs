namespace OnlineChat.Backplane;

/// <summary>
/// The Lua scripts that read or change the directory, and those that route a message by it. Each runs
/// atomically in Redis, which is what makes a name claimed on two gateways at the same moment go to exactly
/// one of them, a group never half-joined, and a message routed by the membership of the moment it is sent.
/// Layout under the prefix P (besides the keys in <see cref="ChatKeys"/>):
///   P group:{g}:members   sorted set: member → join sequence (the oldest member inherits ownership)
///   P user:{u}:groups     set: groups the user is in
///   P seq                 counter for join sequences
/// Member lists come back as flat pairs: name, session token (empty when the member is not online).
/// </summary>
internal static class DirectoryScripts
{
    // ARGV: prefix. Shared helpers, prepended to the scripts that need them.
    private const string Helpers = """
        local prefix = ARGV[1]
        local function membersKey(g) return prefix .. 'group:' .. g .. ':members' end
        local function userGroupsKey(u) return prefix .. 'user:' .. u .. ':groups' end
        -- The gateway part of a session token "{gatewayId}/{connectionId}" (see SessionToken).
        local function gatewayOf(token)
          local slash = string.find(token, '/', 1, true)
          if slash then return string.sub(token, 1, slash - 1) end
          return token
        end
        local function withTokens(users, names, out)
          for _, m in ipairs(names) do
            table.insert(out, m)
            table.insert(out, redis.call('HGET', users, m) or '')
          end
          return out
        end
        -- Removes u from g; deletes an empty group and hands ownership to the oldest member.
        -- Returns { g, newOwner or '', remaining members with tokens... }.
        local function leave(users, groups, g, u)
          local key = membersKey(g)
          redis.call('ZREM', key, u)
          redis.call('SREM', userGroupsKey(u), g)
          local remaining = redis.call('ZRANGE', key, 0, -1)
          local newOwner = ''
          if #remaining == 0 then
            redis.call('HDEL', groups, g)
            redis.call('DEL', key)
          elseif redis.call('HGET', groups, g) == u then
            newOwner = remaining[1]
            redis.call('HSET', groups, g, newOwner)
          end
          return withTokens(users, remaining, { g, newOwner })
        end
        local function addMember(g, u)
          redis.call('ZADD', membersKey(g), redis.call('INCR', prefix .. 'seq'), u)
          redis.call('SADD', userGroupsKey(u), g)
        end
        """;

    // KEYS: users, gateway users, gateways. ARGV: prefix, name, token, gateway id, max suffix, max length.
    // Returns the final name, or false when the gateway holds no lease or every suffix is taken.
    // A suffix shortens the name as needed, so name1 never exceeds the length limit (names are ASCII, so
    // Lua's byte-wise string.sub cuts between characters).
    public const string Claim = Helpers + "\n" + """
        if not redis.call('ZSCORE', KEYS[3], ARGV[4]) then return false end
        local maxLength = tonumber(ARGV[6])
        for i = 0, tonumber(ARGV[5]) do
          local candidate = ARGV[2]
          if i > 0 then candidate = string.sub(ARGV[2], 1, maxLength - #tostring(i)) .. i end
          local holder = redis.call('HGET', KEYS[1], candidate)
          if not holder then
            redis.call('HSET', KEYS[1], candidate, ARGV[3])
            redis.call('HSET', KEYS[2], candidate, ARGV[3])
            return candidate
          elseif holder == ARGV[3] then
            return candidate
          end
        end
        return false
        """;

    // KEYS: users, gateway users, groups. ARGV: prefix, name, token.
    // Returns false when the token no longer holds the name, else one leave() result per group.
    public const string Release = Helpers + "\n" + """
        redis.call('HDEL', KEYS[2], ARGV[2])
        if redis.call('HGET', KEYS[1], ARGV[2]) ~= ARGV[3] then return false end
        redis.call('HDEL', KEYS[1], ARGV[2])
        local result = {}
        for _, g in ipairs(redis.call('SMEMBERS', userGroupsKey(ARGV[2]))) do
          table.insert(result, leave(KEYS[1], KEYS[3], g, ARGV[2]))
        end
        redis.call('DEL', userGroupsKey(ARGV[2]))
        return result
        """;

    // KEYS: users, groups. ARGV: prefix, group, user, token. Returns 'session' | 'exists' | 'ok'.
    public const string CreateGroup = Helpers + "\n" + """
        if redis.call('HGET', KEYS[1], ARGV[3]) ~= ARGV[4] then return 'session' end
        if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 'exists' end
        addMember(ARGV[2], ARGV[3])
        return 'ok'
        """;

    // KEYS: users, groups. ARGV: prefix, group, user, token.
    // Returns { 'session' | 'nogroup' | 'member' } or { 'ok', members with tokens... } (joiner included).
    public const string JoinGroup = Helpers + "\n" + """
        if redis.call('HGET', KEYS[1], ARGV[3]) ~= ARGV[4] then return { 'session' } end
        if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return { 'nogroup' } end
        if redis.call('ZSCORE', membersKey(ARGV[2]), ARGV[3]) then return { 'member' } end
        addMember(ARGV[2], ARGV[3])
        return withTokens(KEYS[1], redis.call('ZRANGE', membersKey(ARGV[2]), 0, -1), { 'ok' })
        """;

    // KEYS: users, groups. ARGV: prefix, group, user, token.
    // Returns { 'session' | 'nogroup' | 'notmember' } or { 'ok', leave() result }.
    public const string LeaveGroup = Helpers + "\n" + """
        if redis.call('HGET', KEYS[1], ARGV[3]) ~= ARGV[4] then return { 'session' } end
        if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return { 'nogroup' } end
        if not redis.call('ZSCORE', membersKey(ARGV[2]), ARGV[3]) then return { 'notmember' } end
        return { 'ok', leave(KEYS[1], KEYS[2], ARGV[2], ARGV[3]) }
        """;

    // KEYS: users. ARGV: prefix, recipient, envelope, gateway channel prefix.
    // Publishes the envelope on the channel of the recipient's gateway. Returns how many gateways heard it:
    // 0 when nobody of that name is online or their gateway is gone.
    public const string SendPrivate = Helpers + "\n" + """
        local token = redis.call('HGET', KEYS[1], ARGV[2])
        if not token then return 0 end
        return redis.call('PUBLISH', ARGV[4] .. gatewayOf(token), ARGV[3])
        """;

    // KEYS: users, groups. ARGV: prefix, group, sender, envelope, gateway channel prefix.
    // Publishes the envelope once per gateway that has online members other than the sender, with "To" set
    // to that gateway's members: the envelope is a JSON object without "To", so the script puts the field
    // in front of the others. Returns 'nogroup' | 'notmember' | 'ok'.
    public const string SendToGroup = Helpers + "\n" + """
        if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return 'nogroup' end
        if not redis.call('ZSCORE', membersKey(ARGV[2]), ARGV[3]) then return 'notmember' end
        local names, gateways = {}, {}
        for _, m in ipairs(redis.call('ZRANGE', membersKey(ARGV[2]), 0, -1)) do
          local token = m ~= ARGV[3] and redis.call('HGET', KEYS[1], m)
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
        """;

    // KEYS: groups. ARGV: prefix. Returns flat triples: group, owner, member count.
    public const string AllGroups = Helpers + "\n" + """
        local out = {}
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do
          table.insert(out, all[i])
          table.insert(out, all[i + 1])
          table.insert(out, redis.call('ZCARD', membersKey(all[i])))
        end
        return out
        """;

    // KEYS: user's groups key is built here. ARGV: prefix, user.
    public const string GroupsOfUser = Helpers + "\n" + """
        return redis.call('SMEMBERS', userGroupsKey(ARGV[2]))
        """;

    // KEYS: gateways, gateway users, deployment mark. ARGV: gateway id, new expiry (Unix ms).
    // Returns { 1 if the lease was still held else 0, users the directory has for this gateway,
    //           the deployment that marked this Redis or '' }.
    public const string RenewLease = """
        local held = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        return { held and 1 or 0, redis.call('HLEN', KEYS[2]), redis.call('GET', KEYS[3]) or '' }
        """;

    // KEYS: deployment mark. ARGV: this deployment's id, time to live (ms).
    // Marks this Redis as the deployment's own, or renews the mark; returns the deployment that holds it,
    // which is another one's while that one is alive (then nothing is written).
    public const string MarkDeployment = """
        local holder = redis.call('GET', KEYS[1])
        if holder and holder ~= ARGV[1] then return holder end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return ARGV[1]
        """;

    // KEYS: users, gateway users. ARGV: name1, token1, name2, token2, ...
    // Puts a gateway's users back after the directory lost them (Redis restarted empty, or the lease expired
    // and the users were cleaned up). Returns { names added back..., '', names now held by someone else... }.
    public const string Reclaim = """
        local added, lost = {}, {}
        for i = 1, #ARGV, 2 do
          local holder = redis.call('HGET', KEYS[1], ARGV[i])
          if not holder or holder == ARGV[i + 1] then
            if not holder then table.insert(added, ARGV[i]) end
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
            redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
          else
            table.insert(lost, ARGV[i])
          end
        end
        table.insert(added, '')
        for _, name in ipairs(lost) do table.insert(added, name) end
        return added
        """;

    // KEYS: gateways. ARGV: gateway id, now (Unix ms). Takes an expired lease away; 1 if this caller took it.
    public const string TakeExpiredLease = """
        local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if expiry and tonumber(expiry) <= tonumber(ARGV[2]) then
          redis.call('ZREM', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;
}
