using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// Every Redis key and channel name the system uses, built from one prefix so that several deployments
/// (or test runs) can share a Redis server; and which pub/sub the channels use.
/// </summary>
/// <param name="shardedPubSub">
/// Channels are sharded (SSUBSCRIBE/SPUBLISH, Redis 7 and later: Backplane:PubSub=sharded, what the AppHost
/// sets on a Redis Cluster): on a cluster a classic PUBLISH is copied to every node over the cluster bus,
/// a sharded one stays on the master of the channel's slot.
/// </param>
public sealed class ChatKeys(string prefix, bool shardedPubSub = false)
{
    public string Prefix { get; } = prefix;

    public bool ShardedPubSub { get; } = shardedPubSub;

    /// <summary>"sharded" or "classic", as Backplane:PubSub spells it.</summary>
    public string PubSub => ShardedPubSub ? "sharded" : "classic";

    /// <summary>The command that publishes on a channel of <see cref="Channel"/>, for the scripts that publish.</summary>
    public string PublishCommand => ShardedPubSub ? "SPUBLISH" : "PUBLISH";

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
    public RedisChannel AllChannel => Channel(Prefix + "chat:all");

    /// <summary>Channel only one gateway hears: PMs, group messages and group notices for its users.</summary>
    public RedisChannel GatewayChannel(string gatewayId) => Channel(GatewayChannelPrefix + gatewayId);

    /// <summary>
    /// A pub/sub channel subscribed to on the node of its name's slot. On a Redis Cluster the client
    /// otherwise picks any master for a classic channel, and a master holding none of the chat's keys going
    /// down could cut a gateway off its messages; routed by the prefix's hash tag, it is the master of the
    /// chat's slot, whose loss stops the chat anyway. A sharded channel always lives on its slot's master,
    /// which is also what lets publish.lua SPUBLISH on it: a script may only touch its own slot. Nothing
    /// changes on a single redis-server.
    /// </summary>
    private RedisChannel Channel(string name) =>
        ShardedPubSub ? RedisChannel.Sharded(name) : RedisChannel.Literal(name).WithKeyRouting();

    /// <summary>What <see cref="GatewayChannel"/> puts before the gateway id; for scripts that pick the gateway.</summary>
    public string GatewayChannelPrefix => Prefix + "chat:gateway:";

    /// <summary>Hash: lower-case name → name as online (names are unique ignoring case).</summary>
    public RedisKey Names => Prefix + "names";

    /// <summary>Hash: lower-case group → group as created.</summary>
    public RedisKey GroupNames => Prefix + "groupnames";

    /// <summary>Hash: lower-case name → "{until Unix ms}|{name}": users a moderator muted.</summary>
    public RedisKey Mutes => Prefix + "mutes";

    /// <summary>Hash: group → "invite" for an invite-only group.</summary>
    public RedisKey GroupModes => Prefix + "groupmodes";

    /// <summary>Set: who is invited to an invite-only group, "{login mark}:{lower-case name}" (see invitationOf in helpers.lua).</summary>
    public RedisKey GroupInvited(string group) => Prefix + "group:" + group + ":invited";

    /// <summary>Sorted set: a group's members → join sequence.</summary>
    public RedisKey GroupMembers(string group) => Prefix + "group:" + group + ":members";

    /// <summary>Set: the groups a user is in.</summary>
    public RedisKey UserGroups(string user) => Prefix + "user:" + user + ":groups";

    /// <summary>Hash: an account's name, password hash and creation time; keyed by the lower-case name.</summary>
    public RedisKey Account(string name) => Prefix + "account:" + name.ToLowerInvariant();

    /// <summary>Counter: accounts registered from one address in the window its first registration started.</summary>
    public RedisKey Registrations(string address) => Prefix + "registrations:" + address.ToLowerInvariant();

    /// <summary>Hash { failures, last }: failed logins against one account, or from one address.</summary>
    public RedisKey LoginFailures(string kind, string subject) => Prefix + "loginfail:" + kind + ":" + subject.ToLowerInvariant();

    /// <summary>String: present once the directory is whole (see DirectoryRecovery); claims wait while it is missing.</summary>
    public RedisKey Ready => Prefix + "ready";

    /// <summary>Hash: lower-case guest name → which login of that name it is ('g{n}'); PM history is kept per pair of logins.</summary>
    public RedisKey Ids => Prefix + "ids";

    /// <summary>Hash: lower-case name → the secret its client resumes the login with.</summary>
    public RedisKey Resumable => Prefix + "resumable";

    /// <summary>Sorted set: name → until when (Unix ms) a dropped resumable login may be resumed.</summary>
    public RedisKey Suspended => Prefix + "suspended";

    /// <summary>Hash: resume secret → the highest frame number its client sent a message under (see NumberedFrame).</summary>
    public RedisKey ClientSequences => Prefix + "clientseq";

    /// <summary>Stream: every message and notice, with its audience (Scripts/publish.lua); what catch-up reads.</summary>
    public RedisKey Log => Prefix + "log";

    /// <summary>List of "{id} {event}": the broadcast room's messages (appendToHistory in helpers.lua).</summary>
    public RedisKey RoomHistory => Prefix + "history:room";

    /// <summary>List of "{id} {event}": a group's messages (deleted with the group).</summary>
    public RedisKey GroupHistory(string group) => Prefix + "history:group:" + group.ToLowerInvariant();

    // The scripts build the per-group, per-user and per-account keys above from the prefix themselves
    // (Scripts/helpers.lua), since which ones a script touches depends on data it reads;
    // DirectoryScriptTests checks that they build exactly these names.
}
