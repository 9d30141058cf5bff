using System.Diagnostics;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>The gateway's spans: one per client command, parent of the Producer spans it causes.</summary>
public static class GatewayTelemetry
{
    public const string SourceName = "OnlineChat.Gateway";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartCommand(string kind, string user)
    {
        var activity = Source.StartActivity($"chat {kind}", ActivityKind.Server);
        activity?.SetTag("onlinechat.command", kind);
        activity?.SetTag("onlinechat.user", user);
        return activity;
    }

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
