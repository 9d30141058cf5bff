using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// The directory of users, accounts, groups and gateway leases, kept in Redis so that no gateway holds state
/// another needs. Every change is one atomic script (<see cref="DirectoryScripts"/>). The presence service
/// is the only writer of users, accounts and groups; a gateway writes nothing but its own lease.
/// </summary>
public sealed class ChatDirectory(IConnectionMultiplexer redis, ChatKeys keys)
{
    /// <summary>How far past the requested name claims look for a free one: name, name1 … name{MaxSuffix}.</summary>
    public const int MaxSuffix = 999;

    private IDatabase Db => redis.GetDatabase();

    private RedisValue Prefix => keys.Prefix;

    /// <summary>Claims <paramref name="name"/> or the first free name1, name2… for the login <paramref name="token"/>.</summary>
    public async Task<ClaimResult> ClaimAsync(string name, string token)
    {
        var result = (RedisResult[])(await DirectoryScripts.Claim.EvaluateAsync(Db, [],
            [Prefix, name, token, SessionToken.GatewayOf(token), MaxSuffix, ChatNames.MaxLength]))!;
        var status = (string?)result[0] switch
        {
            "ok" => ClaimStatus.Ok,
            "recovering" => ClaimStatus.Recovering,
            "lease" => ClaimStatus.NoLease,
            _ => ClaimStatus.Full,
        };
        return status == ClaimStatus.Ok
            ? new ClaimResult(status, (string?)result[1], (long)result[2] == 1, LogId.TryParse((string?)result[3], out var at) ? at : null)
            : new ClaimResult(status, null, (long)result[2] == 1);
    }

    /// <summary>Frees the name and takes the user out of every group; null when <paramref name="token"/> no longer held it.</summary>
    /// <param name="seen">The last log id the login was given; an account keeps it, for what it missed until its next login.</param>
    public async Task<IReadOnlyList<GroupDeparture>?> ReleaseAsync(string name, string token, LogId? seen = null)
    {
        var result = await DirectoryScripts.Release.EvaluateAsync(Db, [], [Prefix, name, token, seen?.ToString() ?? ""]);
        if (result.IsNull)
        {
            return null;
        }

        return [.. ((RedisResult[])result!).Select(r => ReadDeparture((RedisResult[])r!))];
    }

    public async Task<IReadOnlyList<string>> OnlineUsersAsync()
    {
        var names = await Db.HashKeysAsync(keys.Users);
        return [.. names.Select(n => (string)n!).Order(StringComparer.Ordinal)];
    }

    /// <summary>The name as spelled online of a user asked for in any case, or null when nobody of that name is online.</summary>
    public async Task<string?> FindOnlineNameAsync(string user) => await Db.HashGetAsync(keys.Names, user.ToLowerInvariant());

    /// <summary>The session token of <paramref name="user"/> (exactly as spelled online), or null when nobody of that name is online.</summary>
    public async Task<string?> LocateAsync(string user) => await Db.HashGetAsync(keys.Users, user);

    /// <param name="maxGroups">The most groups one user may be in (0: no limit); the creator is the first member.</param>
    public async Task<GroupOutcome> CreateGroupAsync(string group, string user, string token, int maxGroups = 0) =>
        ReadOutcome((string?)await DirectoryScripts.CreateGroup.EvaluateAsync(Db, [], [Prefix, group, user, token, maxGroups]));

    /// <param name="moderator">The user is one the operator made a moderator (honoured only for an account's name).</param>
    /// <param name="maxGroups">The most groups one user may be in (0: no limit).</param>
    public async Task<GroupMembersResult> JoinGroupAsync(string group, string user, string token, bool moderator = false, int maxGroups = 0)
    {
        var result = (RedisResult[])(await DirectoryScripts.JoinGroup.EvaluateAsync(Db, [], [Prefix, group, user, token, Flag(moderator), maxGroups]))!;
        var outcome = ReadOutcome((string?)result[0]);
        return outcome == GroupOutcome.Ok
            ? new GroupMembersResult(outcome, (string?)result[1], ReadMembers(result, 2))
            : new GroupMembersResult(outcome, null, []);
    }

    public async Task<GroupLeaveResult> LeaveGroupAsync(string group, string user, string token)
    {
        var result = (RedisResult[])(await DirectoryScripts.LeaveGroup.EvaluateAsync(Db, [], [Prefix, group, user, token]))!;
        var outcome = ReadOutcome((string?)result[0]);
        return new GroupLeaveResult(outcome, outcome == GroupOutcome.Ok ? ReadDeparture((RedisResult[])result[1]!) : null);
    }

    public async Task<IReadOnlyList<string>> GroupsOfAsync(string user)
    {
        var result = (RedisResult[])(await DirectoryScripts.GroupsOfUser.EvaluateAsync(Db, [], [Prefix, user]))!;
        return [.. result.Select(r => (string)r!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Groups read per script call by <see cref="AllGroupsAsync"/> (about: Redis's HSCAN count).</summary>
    public const int GroupsPerPage = 250;

    /// <summary>Bounds the paging loop: far more pages than the groups a deployment's limits allow.</summary>
    private const int MaxGroupPages = 100_000;

    /// <summary>
    /// Every group <paramref name="user"/> may see: the open ones and the invite-only ones they are in, read a
    /// page per script call (all-groups.lua), so other commands run between the pages.
    /// </summary>
    public async Task<IReadOnlyList<GroupSummary>> AllGroupsAsync(string user = "", bool moderator = false)
    {
        var groups = new Dictionary<string, GroupSummary>(StringComparer.Ordinal);
        RedisValue cursor = "0";
        for (var page = 0; page < MaxGroupPages; page++)
        {
            var flat = (RedisResult[])(await DirectoryScripts.AllGroups.EvaluateAsync(Db, [], [Prefix, user, Flag(moderator), cursor, GroupsPerPage]))!;
            for (var i = 1; i + 3 < flat.Length; i += 4)
            {
                var group = (string)flat[i]!;
                groups[group] = new GroupSummary(group, (string)flat[i + 1]!, (long)flat[i + 2], (string?)flat[i + 3] == "invite");
            }

            cursor = (RedisValue)flat[0];
            if (cursor == "0")
            {
                break;
            }
        }

        return [.. groups.Values.OrderBy(g => g.Group, StringComparer.Ordinal)];
    }

    /// <summary>A group's owner and members; null when there is none <paramref name="user"/> may see.</summary>
    public async Task<GroupRoster?> GroupMembersAsync(string group, string user, bool moderator = false)
    {
        var result = (RedisResult[])(await DirectoryScripts.GroupMembers.EvaluateAsync(Db, [], [Prefix, group, user, Flag(moderator)]))!;
        return (string?)result[0] != "ok" ? null
            : new GroupRoster((string)result[1]!, (string)result[2]!, [.. result.Skip(3).Select(r => (string)r!)]);
    }

    /// <summary>The owner makes <paramref name="group"/> invite-only, or open again.</summary>
    public async Task<GroupAction> SetGroupModeAsync(string group, string user, string token, bool inviteOnly, bool moderator = false)
    {
        var result = (RedisResult[])(await DirectoryScripts.SetGroupMode.EvaluateAsync(Db, [],
            [Prefix, group, user, token, inviteOnly ? "invite" : "open", Flag(moderator)]))!;
        var outcome = ReadOutcome((string?)result[0]);
        return outcome is GroupOutcome.Ok or GroupOutcome.Unchanged ? new GroupAction(outcome, (string?)result[1]) : new GroupAction(outcome);
    }

    public async Task<GroupAction> InviteToGroupAsync(string group, string user, string token, string invitee, bool moderator = false)
    {
        var result = (RedisResult[])(await DirectoryScripts.InviteToGroup.EvaluateAsync(Db, [], [Prefix, group, user, token, invitee, Flag(moderator)]))!;
        var outcome = ReadOutcome((string?)result[0]);
        return outcome switch
        {
            GroupOutcome.Ok => new GroupAction(outcome, (string?)result[1], (string?)result[2], NullIfEmpty((string?)result[3])),
            GroupOutcome.AlreadyMember or GroupOutcome.AlreadyInvited => new GroupAction(outcome, (string?)result[1], (string?)result[2]),
            _ => new GroupAction(outcome),
        };
    }

    public async Task<GroupAction> KickFromGroupAsync(string group, string user, string token, string member, bool moderator = false)
    {
        var result = (RedisResult[])(await DirectoryScripts.KickFromGroup.EvaluateAsync(Db, [], [Prefix, group, user, token, member, Flag(moderator)]))!;
        var outcome = ReadOutcome((string?)result[0]);
        if (outcome != GroupOutcome.Ok)
        {
            return outcome == GroupOutcome.NotMember ? new GroupAction(outcome, (string?)result[1], (string?)result[2]) : new GroupAction(outcome);
        }

        var departure = ReadDeparture((RedisResult[])result[3]!);
        return new GroupAction(outcome, departure.Group, (string?)result[1], NullIfEmpty((string?)result[2]), departure);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static RedisValue Flag(bool on) => on ? "1" : "0";

    /// <summary>Mutes <paramref name="user"/> (as spelled online, or as asked) until the given time.</summary>
    public Task SetMuteAsync(string user, DateTimeOffset until) =>
        Db.HashSetAsync(keys.Mutes, user.ToLowerInvariant(), $"{until.ToUnixTimeMilliseconds()}|{user}");

    /// <summary>True when the user was muted.</summary>
    public Task<bool> ClearMuteAsync(string user) => Db.HashDeleteAsync(keys.Mutes, user.ToLowerInvariant());

    /// <summary>Every mute not yet over at <paramref name="now"/>; the ones that are over are forgotten.</summary>
    public async Task<IReadOnlyList<(string User, DateTimeOffset Until)>> MutesAsync(DateTimeOffset now)
    {
        var mutes = new List<(string, DateTimeOffset)>();
        foreach (var entry in await Db.HashGetAllAsync(keys.Mutes))
        {
            var value = (string)entry.Value!;
            var bar = value.IndexOf('|');
            var until = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value[..bar], System.Globalization.CultureInfo.InvariantCulture));
            if (until > now)
            {
                mutes.Add((value[(bar + 1)..], until));
            }
            else
            {
                await Db.HashDeleteAsync(keys.Mutes, entry.Name);
            }
        }

        return mutes;
    }

    /// <summary>
    /// Makes the name <paramref name="token"/> holds an account with this password hash. At most <paramref name="perAddress"/> accounts
    /// (0: no limit) may be registered from <paramref name="address"/> in a <paramref name="window"/> its first
    /// registration starts; past that the outcome is TooManyRegistrations, with how long until the window ends.
    /// </summary>
    public async Task<(AccountOutcome Outcome, TimeSpan RetryAfter)> RegisterAccountAsync(
        string name, string token, string passwordHash, DateTimeOffset now, string address = "", int perAddress = 0, TimeSpan window = default)
    {
        var result = (RedisResult[])(await DirectoryScripts.RegisterAccount.EvaluateAsync(Db, [],
            [Prefix, name, token, passwordHash, now.ToUnixTimeMilliseconds(), address, perAddress, (long)window.TotalMilliseconds]))!;
        return (string?)result[0] switch
        {
            "ok" => (AccountOutcome.Ok, TimeSpan.Zero),
            "exists" => (AccountOutcome.AlreadyRegistered, TimeSpan.Zero),
            "toomany" => (AccountOutcome.TooManyRegistrations, TimeSpan.FromMilliseconds((long)result[1])),
            _ => (AccountOutcome.SessionLost, TimeSpan.Zero),
        };
    }

    /// <summary>The account of <paramref name="name"/> in any case, or null when there is none.</summary>
    public async Task<StoredAccount?> FindAccountAsync(string name)
    {
        var fields = await Db.HashGetAsync(keys.Account(name), ["name", "password"]);
        return fields[0].IsNull || fields[1].IsNull ? null : new StoredAccount((string)fields[0]!, (string)fields[1]!);
    }

    /// <summary>
    /// Gives the account's name to <paramref name="token"/>; the login it replaces, if any, is returned so its
    /// gateway can be told to close it. Null when the gateway holds no lease.
    /// </summary>
    /// <returns>
    /// Also the log id the account's last login ended at (null when never) and the log's last id at this login:
    /// the account missed what came between them.
    /// </returns>
    public async Task<(bool Done, string? ReplacedToken, LogId? Seen, LogId At)> LogInAsync(string accountName, string token)
    {
        var result = (RedisResult[])(await DirectoryScripts.LogIn.EvaluateAsync(Db, [], [Prefix, accountName, token, SessionToken.GatewayOf(token)]))!;
        if ((string?)result[0] != "ok")
        {
            return (false, null, null, LogId.Zero);
        }

        var replaced = (string?)result[1];
        return (true, string.IsNullOrEmpty(replaced) ? null : replaced,
            LogId.TryParse((string?)result[2], out var seen) ? seen : null,
            LogId.TryParse((string?)result[3], out var at) ? at : LogId.Zero);
    }

    /// <summary>
    /// At a /login from the guest name <paramref name="guest"/> (held by <paramref name="token"/>): the account
    /// takes the guest's place in its groups (carry-groups.lua). Call before releasing the guest's name.
    /// </summary>
    public async Task<IReadOnlyList<CarriedGroup>> CarryGroupsAsync(string guest, string accountName, string token, int maxGroups = 0)
    {
        var result = (RedisResult[])(await DirectoryScripts.CarryGroups.EvaluateAsync(Db, [], [Prefix, guest, accountName, token, maxGroups]))!;
        return [.. result.Select(r => (RedisResult[])r!).Select(g =>
            new CarriedGroup((string)g[0]!, (string?)g[1] == "1", (string?)g[2] == "1", ReadMembers(g, 3)))];
    }

    /// <summary>Lets the client of this login resume it with <paramref name="secret"/>; false when the token no longer holds the name.</summary>
    public async Task<bool> MakeResumableAsync(string name, string token, string secret) =>
        (long)await DirectoryScripts.MakeResumable.EvaluateAsync(Db, [], [Prefix, name, token, secret]) == 1;

    /// <summary>Keeps a dropped resumable login (name, groups) until <paramref name="until"/>; false when the token no longer holds the name.</summary>
    public async Task<bool> SuspendAsync(string name, string token, DateTimeOffset until, LogId? seen) =>
        (long)await DirectoryScripts.Suspend.EvaluateAsync(Db, [], [Prefix, name, token, until.ToUnixTimeMilliseconds(), seen?.ToString() ?? ""]) == 1;

    /// <summary>Moves a resumable login to <paramref name="token"/>: the name as spelled and the token replaced, or null.</summary>
    public async Task<ResumeResult> ResumeAsync(string name, string secret, string token)
    {
        var result = (RedisResult[])(await DirectoryScripts.Resume.EvaluateAsync(Db, [], [Prefix, name, secret, token, SessionToken.GatewayOf(token)]))!;
        return (string?)result[0] switch
        {
            "ok" => new ResumeResult(ResumeStatus.Ok, (string?)result[1], (string?)result[2]),
            "lease" => new ResumeResult(ResumeStatus.NoLease, null, null),
            _ => new ResumeResult(ResumeStatus.Unknown, null, null),
        };
    }

    /// <summary>Suspended logins whose resume window ended by <paramref name="now"/>, with the token each still holds.</summary>
    public async Task<IReadOnlyList<(string User, string Token)>> ExpiredSuspensionsAsync(DateTimeOffset now)
    {
        var names = await Db.SortedSetRangeByScoreAsync(keys.Suspended, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: 1000);
        var found = new List<(string, string)>();
        foreach (var name in names)
        {
            if (await Db.HashGetAsync(keys.Users, name) is { IsNull: false } token)
            {
                found.Add(((string)name!, (string)token!));
            }
            else
            {
                await Db.SortedSetRemoveAsync(keys.Suspended, name);
            }
        }

        return found;
    }

    /// <summary>Whether the login of <paramref name="name"/> is suspended (its client may still resume it).</summary>
    public async Task<bool> IsSuspendedAsync(string name) => (await Db.SortedSetScoreAsync(keys.Suspended, name)).HasValue;

    /// <summary>Whether the client of this login asked to be able to resume it.</summary>
    public async Task<bool> IsResumableAsync(string name) => await Db.HashExistsAsync(keys.Resumable, name.ToLowerInvariant());

    public async Task<LoginFailures> LoginFailuresAsync(string kind, string subject)
    {
        var fields = await Db.HashGetAsync(keys.LoginFailures(kind, subject), ["failures", "last"]);
        return fields[0].IsNull ? LoginFailures.None : new LoginFailures((long)fields[0], (long)fields[1]);
    }

    public Task RecordLoginFailureAsync(string accountName, string address, DateTimeOffset now, TimeSpan remembered) =>
        DirectoryScripts.RecordLoginFailure.EvaluateAsync(Db,
            [keys.LoginFailures("account", accountName), keys.LoginFailures("address", address)],
            [now.ToUnixTimeMilliseconds(), (long)remembered.TotalMilliseconds]);

    /// <summary>Gives <paramref name="account"/> a new password hash: the user's own account, or any, for a moderator; with the account's name as registered.</summary>
    public async Task<(AccountOutcome Outcome, string? Account)> SetPasswordAsync(string user, string token, string account, string passwordHash, bool moderator)
    {
        var result = (RedisResult[])(await DirectoryScripts.SetPassword.EvaluateAsync(Db, [], [Prefix, user, token, account, passwordHash, Flag(moderator)]))!;
        return (string?)result[0] switch
        {
            "ok" => (AccountOutcome.Ok, (string?)result[1]),
            "notaccount" => (AccountOutcome.NotAnAccount, null),
            "notmoderator" => (AccountOutcome.NotModerator, null),
            "noaccount" => (AccountOutcome.NoSuchAccount, null),
            _ => (AccountOutcome.SessionLost, null),
        };
    }

    /// <summary>The operator's reset: any account, no login needed; the account's name as registered, or null when there is none.</summary>
    public async Task<string?> ResetPasswordAsync(string account, string passwordHash) =>
        (string?)await DirectoryScripts.ResetPassword.EvaluateAsync(Db, [], [Prefix, account, passwordHash]);

    public Task ClearLoginFailuresAsync(string accountName) => Db.KeyDeleteAsync(keys.LoginFailures("account", accountName));

    /// <summary>Whether the directory is whole: false after Redis lost it, until the recovery window has passed.</summary>
    public async Task<bool> IsReadyAsync() => await Db.KeyExistsAsync(keys.Ready);

    public Task MarkReadyAsync() => Db.StringSetAsync(keys.Ready, "1");

    /// <summary>
    /// Extends a gateway's lease. Held is false when it had expired and was taken away (its users were cleaned
    /// up) or Redis lost it; Users is how many users the directory has for the gateway. Synchronous on purpose:
    /// the renewing thread needs no thread-pool thread to resume on, so a backlog there delays it less (the
    /// Redis client still reads the reply on its own I/O path).
    /// </summary>
    public (bool Held, long Users, string Deployment) RenewLease(string gatewayId, DateTimeOffset expiry)
    {
        var result = (RedisResult[])DirectoryScripts.RenewLease.Evaluate(Db,
            [keys.Gateways, keys.GatewayUsers(gatewayId), keys.Deployment], [gatewayId, expiry.ToUnixTimeMilliseconds()])!;
        return ((long)result[0] == 1, (long)result[1], (string)result[2]!);
    }

    /// <summary>Marks this Redis as <paramref name="deploymentId"/>'s for <paramref name="ttl"/>; returns the deployment holding the mark.</summary>
    public async Task<string> MarkDeploymentAsync(string deploymentId, TimeSpan ttl) =>
        (string)(await DirectoryScripts.MarkDeployment.EvaluateAsync(Db, [keys.Deployment], [deploymentId, (long)ttl.TotalMilliseconds]))!;

    /// <summary>Makes the lease expire now, so the presence service cleans up whatever the gateway leaves behind.</summary>
    public Task ExpireLeaseAsync(string gatewayId) => Db.SortedSetAddAsync(keys.Gateways, gatewayId, 0);

    /// <summary>
    /// Registers a gateway's connected users again, each under its own token. Returns the names that were
    /// missing and are back, and those another session holds now (those users must reconnect).
    /// </summary>
    public async Task<(IReadOnlyList<string> Added, IReadOnlyList<string> Lost)> ReclaimAsync(IReadOnlyCollection<(string User, string Token)> sessions)
    {
        var args = new RedisValue[1 + sessions.Count * 2];
        args[0] = Prefix;
        var i = 1;
        foreach (var (user, token) in sessions)
        {
            args[i++] = user;
            args[i++] = token;
        }

        var result = (RedisResult[])(await DirectoryScripts.Reclaim.EvaluateAsync(Db, [], args))!;
        var names = result.Select(r => (string)r!).ToList();
        var separator = names.IndexOf("");
        return (names[..separator], names[(separator + 1)..]);
    }

    public async Task<IReadOnlyList<string>> ExpiredGatewaysAsync(DateTimeOffset now)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(keys.Gateways, double.NegativeInfinity, now.ToUnixTimeMilliseconds());
        return [.. ids.Select(id => (string)id!)];
    }

    public async Task<long> LiveGatewayCountAsync() => await Db.SortedSetLengthAsync(keys.Gateways);

    public async Task<long> UserCountAsync() => await Db.HashLengthAsync(keys.Users);

    public async Task<long> GroupCountAsync() => await Db.HashLengthAsync(keys.Groups);

    /// <summary>Takes an expired lease for clean-up; false when it was renewed meanwhile or another sweeper took it.</summary>
    public async Task<bool> TakeExpiredLeaseAsync(string gatewayId, DateTimeOffset now) =>
        (long)await DirectoryScripts.TakeExpiredLease.EvaluateAsync(Db, [keys.Gateways], [gatewayId, now.ToUnixTimeMilliseconds()]) == 1;

    /// <summary>Username → session token for every user a gateway had registered.</summary>
    public async Task<IReadOnlyList<(string User, string Token)>> UsersOfGatewayAsync(string gatewayId)
    {
        var entries = await Db.HashGetAllAsync(keys.GatewayUsers(gatewayId));
        return [.. entries.Select(e => ((string)e.Name!, (string)e.Value!))];
    }

    internal static GroupOutcome ReadOutcome(string? status) => status switch
    {
        "ok" => GroupOutcome.Ok,
        "session" => GroupOutcome.SessionLost,
        "exists" => GroupOutcome.AlreadyExists,
        "nogroup" => GroupOutcome.NoSuchGroup,
        "member" => GroupOutcome.AlreadyMember,
        "notmember" => GroupOutcome.NotMember,
        "inviteonly" => GroupOutcome.InviteOnly,
        "notowner" => GroupOutcome.NotOwner,
        "self" => GroupOutcome.Self,
        "nouser" => GroupOutcome.NoSuchUser,
        "invited" => GroupOutcome.AlreadyInvited,
        "toomany" => GroupOutcome.TooManyGroups,
        "same" => GroupOutcome.Unchanged,
        _ => throw new InvalidOperationException($"Directory script returned an unknown status '{status}'."),
    };

    private static GroupDeparture ReadDeparture(RedisResult[] result)
    {
        var newOwner = (string?)result[1];
        return new GroupDeparture((string)result[0]!, string.IsNullOrEmpty(newOwner) ? null : newOwner, ReadMembers(result, 2));
    }

    private static IReadOnlyList<GroupMember> ReadMembers(RedisResult[] flat, int start)
    {
        var members = new List<GroupMember>((flat.Length - start) / 2);
        for (var i = start; i + 1 < flat.Length; i += 2)
        {
            var token = (string?)flat[i + 1];
            members.Add(new GroupMember((string)flat[i]!, string.IsNullOrEmpty(token) ? null : token));
        }

        return members;
    }
}
