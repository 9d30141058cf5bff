using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// Every Redis key and channel name the system uses, built from one prefix so that several deployments
/// (or test runs) can share a Redis server.
/// </summary>
public sealed class ChatKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>Hash: username → session token (see <see cref="SessionToken"/>).</summary>
    public RedisKey Users => Prefix + "users";

    /// <summary>Hash: username → session token, for the users connected to one gateway.</summary>
    public RedisKey GatewayUsers(string gatewayId) => Prefix + "gateway:" + gatewayId + ":users";

    /// <summary>Sorted set: gateway id → lease expiry (Unix ms).</summary>
    public RedisKey Gateways => Prefix + "gateways";

    /// <summary>String, expiring: the id of the deployment whose presence service uses this Redis (see DeploymentIdentity).</summary>
    public RedisKey Deployment => Prefix + "deployment";

    /// <summary>Hash: group name → owner.</summary>
    public RedisKey Groups => Prefix + "groups";

    /// <summary>Channel every gateway hears: broadcasts and online/offline notices.</summary>
    public RedisChannel AllChannel => RedisChannel.Literal(Prefix + "chat:all");

    /// <summary>Channel only one gateway hears: PMs, group messages and group notices for its users.</summary>
    public RedisChannel GatewayChannel(string gatewayId) => RedisChannel.Literal(GatewayChannelPrefix + gatewayId);

    /// <summary>What <see cref="GatewayChannel"/> puts before the gateway id; for scripts that pick the gateway.</summary>
    public string GatewayChannelPrefix => Prefix + "chat:gateway:";

    // Per-group and per-user keys (group members, a user's groups) are built inside the Lua scripts from the
    // prefix, because which ones a script touches depends on data it reads. See DirectoryScripts.
}
