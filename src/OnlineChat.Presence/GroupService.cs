using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>Creating, joining and leaving groups, and telling the members: every change to a group goes through here.</summary>
public sealed class GroupService(
    ChatDirectory directory, ChatBus bus, ModeratorPolicy moderators, IOptions<PresenceOptions> options, ILogger<GroupService> logger)
{
    private readonly int _maxGroups = options.Value.MaxGroupsPerUser;

    public async Task<GroupOutcome> CreateAsync(string group, string user, string token)
    {
        var outcome = await directory.CreateGroupAsync(group, user, token, _maxGroups);
        if (outcome == GroupOutcome.Ok)
        {
            PresenceLog.GroupCreated(logger, group, user);
        }

        return outcome;
    }

    public async Task<GroupOutcome> JoinAsync(string group, string user, string token)
    {
        var joined = await directory.JoinGroupAsync(group, user, token, moderators.IsModerator(user), _maxGroups);
        if (joined.Outcome == GroupOutcome.Ok)
        {
            PresenceLog.GroupJoined(logger, joined.Group!, user);
            await bus.PublishToUsersAsync(joined.Members.Select(m => m.User), Notices.About(ChatEventKind.GroupJoined, user, joined.Group!));
        }

        return joined.Outcome;
    }

    public async Task<GroupOutcome> LeaveAsync(string group, string user, string token)
    {
        var left = await directory.LeaveGroupAsync(group, user, token);
        if (left.Outcome != GroupOutcome.Ok)
        {
            return left.Outcome;
        }

        var departure = left.Departure!;
        PresenceLog.GroupLeft(logger, departure.Group, user);
        await bus.PublishToUsersAsync([.. departure.Remaining.Select(m => m.User), user], Notices.About(ChatEventKind.GroupLeft, user, departure.Group));
        if (departure.NewOwner is { } owner)
        {
            await bus.PublishToUsersAsync(departure.Remaining.Select(m => m.User), Notices.About(ChatEventKind.GroupOwnerChanged, owner, departure.Group));
        }

        return GroupOutcome.Ok;
    }

    /// <summary>
    /// The owner or a moderator makes the group invite-only or open again: the other members are told who did
    /// (as IRC tells a channel its mode changes), the one who did it gets the answer.
    /// </summary>
    public async Task<GroupAction> SetModeAsync(string group, string user, string token, bool inviteOnly)
    {
        var moderator = moderators.IsModerator(user);
        var changed = await directory.SetGroupModeAsync(group, user, token, inviteOnly, moderator);
        if (changed.Outcome == GroupOutcome.Ok && await directory.GroupMembersAsync(changed.Group!, user, moderator) is { } roster)
        {
            var others = roster.Members.Where(m => !string.Equals(m, user, StringComparison.OrdinalIgnoreCase));
            await bus.PublishToUsersAsync(others, Notices.About(inviteOnly ? ChatEventKind.GroupClosed : ChatEventKind.GroupOpened, user, changed.Group!));
        }

        return changed;
    }

    public Task<IReadOnlyList<GroupSummary>> AllAsync(string user) => directory.AllGroupsAsync(user, moderators.IsModerator(user));

    public Task<GroupRoster?> MembersAsync(string group, string user) => directory.GroupMembersAsync(group, user, moderators.IsModerator(user));

    /// <summary>
    /// The owner invites someone: an invitee who is online is told at once, an account that is away when it
    /// next logs in (among what it missed), so that a class invited before it starts learns of it.
    /// </summary>
    public async Task<GroupAction> InviteAsync(string group, string user, string token, string invitee)
    {
        var invited = await directory.InviteToGroupAsync(group, user, token, invitee, moderators.IsModerator(user));
        if (invited.Outcome == GroupOutcome.Ok)
        {
            await bus.NotifyUserAsync(invited.User!, Notices.About(ChatEventKind.GroupInvited, user, invited.Group!));
        }

        return invited;
    }

    /// <summary>The owner removes a member: the members and the one removed are told who did it.</summary>
    public async Task<GroupAction> KickAsync(string group, string user, string token, string member)
    {
        var kicked = await directory.KickFromGroupAsync(group, user, token, member, moderators.IsModerator(user));
        if (kicked.Outcome != GroupOutcome.Ok)
        {
            return kicked;
        }

        var departure = kicked.Departure!;
        PresenceLog.GroupLeft(logger, departure.Group, kicked.User!);
        // The members, the one removed and whoever removed them: a moderator who is not a member hears it
        // too, as the answer to her /kick.
        // An account removed while away is told at its next login, among what it missed.
        var notice = Notices.About(ChatEventKind.GroupRemoved, kicked.User!, departure.Group) with { Text = user };
        var removedIsAway = kicked.UserToken is null;
        List<string> told = [.. departure.Remaining.Select(m => m.User)];
        if (!removedIsAway)
        {
            told.Add(kicked.User!);
        }

        if (!told.Contains(user, StringComparer.OrdinalIgnoreCase))
        {
            told.Add(user);
        }

        await bus.PublishToUsersAsync(told, notice);
        if (removedIsAway)
        {
            await bus.NotifyUserAsync(kicked.User!, notice);
        }

        if (departure.NewOwner is { } owner)
        {
            // A moderator removed the owner: the group passed on, as when an owner leaves.
            await bus.PublishToUsersAsync(told.Where(u => !string.Equals(u, kicked.User, StringComparison.OrdinalIgnoreCase)),
                Notices.About(ChatEventKind.GroupOwnerChanged, owner, departure.Group));
        }

        return kicked;
    }
}
