using System.Diagnostics;
using System.Text;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>The gateway's spans: one per client command, parent of the Producer spans it causes.</summary>
public static class GatewayTelemetry
{
    public const string SourceName = "OnlineChat.Gateway";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags that help a person find a message: who, where, what kind, how big. Never the text.</summary>
    public static Activity? StartCommand(ChatCommand command, string kind, string user, string gatewayId, string frameText)
    {
        var activity = Source.StartActivity($"chat {kind}", ActivityKind.Server);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("onlinechat.command", kind);
        activity.SetTag("onlinechat.user", user);
        activity.SetTag("onlinechat.gateway.id", gatewayId);
        activity.SetTag("messaging.message.body.size", Encoding.UTF8.GetByteCount(frameText));
        if (GroupOf(command) is { } group)
        {
            activity.SetTag("onlinechat.group", group);
        }

        if (command is PrivateMessage pm)
        {
            activity.SetTag("onlinechat.to", pm.To);
        }

        return activity;
    }

    /// <summary>
    /// The handshake's claim of a name and the "is now online" notice: the parent of the presence call and the
    /// Redis scripts it causes, so a login is one trace rather than a gateway-less one starting at presence.
    /// </summary>
    public static Activity? StartLogin(string requestedName, string gatewayId)
    {
        var activity = Source.StartActivity("chat login", ActivityKind.Server);
        activity?.SetTag("onlinechat.user", requestedName);
        activity?.SetTag("onlinechat.gateway.id", gatewayId);
        return activity;
    }

    /// <summary>On each Consumer span: how many local users the event was queued for.</summary>
    public const string RecipientsTag = "onlinechat.recipients";

    private static string? GroupOf(ChatCommand command) => command switch
    {
        GroupMessage gc => gc.Group,
        CreateGroup cg => cg.Group,
        JoinGroup jg => jg.Group,
        LeaveGroup lg => lg.Group,
        ListMembers members => members.Group,
        MakePrivate mp => mp.Group,
        MakePublic op => op.Group,
        Invite invite => invite.Group,
        Kick kick => kick.Group,
        _ => null,
    };

    /// <summary>A short, stable name for a command, used as a metric tag and span name.</summary>
    public static string KindOf(ChatCommand command) => command switch
    {
        BroadcastMessage => "broadcast",
        PrivateMessage => "pm",
        GroupMessage => "group_message",
        CreateGroup => "create_group",
        JoinGroup => "join_group",
        LeaveGroup => "leave_group",
        ListMyGroups => "list_my_groups",
        ListAllGroups => "list_all_groups",
        ListMembers => "list_members",
        MakePrivate => "make_private",
        MakePublic => "make_public",
        Invite => "invite",
        Kick => "kick",
        // Not "login": that is the handshake's span (StartLogin).
        Mute => "mute",
        Unmute => "unmute",
        ListMutes => "list_mutes",
        Register => "register_account",
        LogIn => "log_in",
        ChangePassword => "change_password",
        ResetPassword => "reset_password",
        LogOut => "log_out",
        ListOnline => "list_online",
        Help => "help",
        Quit => "quit",
        EmptyLine => "empty",
        UsageError => "usage_error",
        UnknownCommand => "unknown_command",
        InvalidInput => "invalid_input",
        _ => "other",
    };
}
