using System.Text.RegularExpressions;

namespace OnlineChat.Client.Conversations;

/// <summary>
/// What the full-screen client shows and what the lines typed there become, without any terminal: the
/// conversations and their lines, the status (name, gateway, connected or not, lag), and the translation
/// of a typed line in a conversation into the frame the server reads (text in a group's conversation is
/// "/gc group text", in a PM's "/pm user text"). The client's own commands (/query, /close, /clear, /me,
/// /msg, /names, /ignore, /help) are carried out here; a group command typed in a group's conversation without its group
/// is for that group (<see cref="ImpliedTarget"/>). Frames to send go to <paramref name="send"/>.
/// </summary>
public sealed partial class ClientScreen(Action<string> send, TimeProvider clock)
{
    /// <summary>The commands Tab completes: the server's and the client's own.</summary>
    public static readonly string[] Commands =
    [
        "/pm", "/msg", "/me", "/gc", "/cg", "/jg", "/lg", "/listg", "/listallg", "/members", "/names", "/lo",
        "/history", "/query", "/close", "/clear", "/help", "/quit", "/register", "/login", "/logout", "/password", "/resetpassword", "/private",
        "/public", "/invite", "/kick", "/mute", "/unmute", "/mutes", "/ignore", "/unignore",
    ];

    /// <summary>The keys and the client's own commands, shown by /help before the server's command list.</summary>
    public static readonly string[] Keys =
    [
        "Keys: Enter sends · Up/Down: earlier lines · Tab completes commands, names and groups ·",
        "  Ctrl+N / Ctrl+P or Alt+1…9: next / previous / n-th conversation · PageUp/PageDown scroll ·",
        "  Left/Right, Home/End, Ctrl+A/E move · Ctrl+U clears the line, Ctrl+W deletes a word · Ctrl+L redraws ·",
        "  Ctrl+C or /quit leaves.",
        "Client commands: /query <user> opens a PM conversation · /msg <user> <text> = /pm · /me <action> ·",
        "  /names [group] lists a group's members (in the room: who is online) · /close · /clear ·",
        "  /ignore <user> hides their messages until /unignore <user> (a moderator's always show); /ignore lists them.",
        "  In a group, /lg, /members, /private, /public, /invite <user>, /kick <user> and /history are for it.",
        "What you type goes to the conversation shown: the room, a group (/gc) or a PM (/pm).",
    ];

    public ConversationList Conversations { get; } = new();

    public KnownNames Names { get; } = new();

    public IgnoreList Ignored { get; } = new();

    public string? Me { get; private set; }

    public string Gateway { get; private set; } = "";

    public bool Connected { get; private set; }

    public TimeSpan? Lag { get; private set; }

    /// <summary>The status line: "ann · localhost:8888 · connected · lag 3 ms".</summary>
    public string Status =>
        $"{Me ?? "(logging in)"} · {(Gateway.Length > 0 ? Gateway : "no gateway")} · {(Connected ? "connected" : "reconnecting…")}"
        + (Connected && Lag is { } lag ? $" · lag {lag.TotalMilliseconds:0} ms" : "");

    /// <summary>
    /// The conversations with unread lines, other than the one shown ("unread @bob 1, (maths) 2"), or empty: what
    /// the conversation list says, for a terminal too narrow to show it.
    /// </summary>
    public string UnreadSummary =>
        Conversations.All.Where(c => c.Unread > 0 && c != Conversations.Active).Select(c => c.Label).ToList() is { Count: > 0 } unread
            ? $"unread {string.Join(", ", unread)}"
            : "";

    private DateTimeOffset Now => clock.GetUtcNow();

    public void LoggedIn(string name, string gateway)
    {
        var first = Me is null;
        Me = name;
        Gateway = gateway;
        Connected = true;
        if (first)
        {
            // The room's recent lines, as for any conversation when it is opened.
            RequestHistory(Conversations.Find(ConversationKey.Room)!);
        }
    }

    public void ConnectionLost()
    {
        Connected = false;
        Lag = null;
    }

    public void MeasuredLag(TimeSpan lag) => Lag = lag;

    /// <summary>A line from the message log; <paramref name="missed"/> while catching up after a reconnect.</summary>
    public void ShowLogged(string text, bool missed)
    {
        var placed = IncomingLine.Place(text, Me, Now, missed);
        Names.Learn(placed);
        if (Ignored.Hides(placed))
        {
            return;
        }

        var joined = placed.Conversation.Kind == ConversationKind.Group && placed.Entry.Kind == EntryKind.Event
            && string.Equals(placed.Sender, Me, StringComparison.OrdinalIgnoreCase) && placed.Entry.Text.Contains(" has joined group ", StringComparison.Ordinal);
        if (joined && Conversations.Find(placed.Conversation) is null)
        {
            // This user joined a group (/jg): its conversation opens, with its recent lines.
            Open(placed.Conversation, show: true, history: true);
        }

        Conversations.Add(placed.Conversation, placed.Entry);
    }

    /// <summary>The server's answer to a command: in the conversation shown, a /history page in its own.</summary>
    public void ShowReply(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        if (HistoryHeading().Match(lines[0]) is { Success: true } heading)
        {
            var of = heading.Groups["of"].Value;
            var key = of == "the room" ? ConversationKey.Room
                : of.StartsWith("group ", StringComparison.Ordinal) ? ConversationKey.Group(of["group ".Length..])
                : ConversationKey.With(of["your PMs with ".Length..]);
            var conversation = Conversations.Open(key);
            conversation.Add(new ChatEntry(Now, EntryKind.Reply, lines[0]), shown: true);
            foreach (var line in lines.Skip(1))
            {
                var placed = IncomingLine.Place(line, Me, Now, historyOf: key);
                Names.Learn(placed);
                if (!Ignored.Hides(placed))
                {
                    conversation.Add(placed.Entry, shown: true);
                }
            }

            return;
        }

        Names.LearnFromReply(text);
        if (GroupCreated().Match(lines[0]) is { Success: true } created)
        {
            // The creator is its first member: its conversation opens, as after /jg.
            Names.AddGroup(created.Groups["group"].Value);
            Open(ConversationKey.Group(created.Groups["group"].Value), show: true, history: false);
        }

        var kind = lines[0].StartsWith("Error:", StringComparison.Ordinal) || lines[0].StartsWith("Usage:", StringComparison.Ordinal)
            || lines[0].StartsWith("Unknown command", StringComparison.Ordinal)
            ? EntryKind.Error : EntryKind.Reply;
        foreach (var line in lines)
        {
            Conversations.Active.Add(new ChatEntry(Now, kind, line), shown: true);
        }
    }

    /// <summary>The client's own words (connecting, a line refused locally), in the conversation shown.</summary>
    public void ShowClient(string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            Conversations.Active.Add(new ChatEntry(Now, EntryKind.Client, line), shown: true);
        }
    }

    /// <summary>After a reconnect's catch-up: how many lines, marked "(missed)", it brought.</summary>
    public void Resumed(int count)
    {
        if (count > 0)
        {
            ShowClient($"{count} {(count == 1 ? "message" : "messages")} from while you were reconnecting {(count == 1 ? "is" : "are")} marked (missed).");
        }
    }

    /// <summary>Carries out a line the user entered in the conversation shown.</summary>
    public void Enter(string typed)
    {
        var line = typed.Trim();
        if (line.Length == 0)
        {
            return;
        }

        var active = Conversations.Active.Key;
        if (!line.StartsWith('/'))
        {
            SendTo(active, line);
            return;
        }

        var words = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        var command = words[0].ToLowerInvariant();
        switch (command, words.Length)
        {
            case ("/msg" or "/pm", 3):
                SendTo(ConversationKey.With(words[1]), words[2]);
                break;
            case ("/gc", 3):
                SendTo(ConversationKey.Group(words[1]), words[2]);
                break;
            case ("/me", >= 2):
                SendTo(active, "* " + line[(line.IndexOf(' ') + 1)..].Trim());
                break;
            case ("/query", 2):
                Names.AddUser(words[1]);
                Open(ConversationKey.With(words[1]), show: true, history: true);
                break;
            case ("/close", 1):
                if (!Conversations.CloseActive())
                {
                    ShowClient("The room stays open. Leave with /quit.");
                }
                else if (active.Kind == ConversationKind.Group)
                {
                    ShowClient($"Closed ({active.Name}); you are still a member (leave with /lg {active.Name}).");
                }

                break;
            case ("/clear", 1):
                Conversations.Active.Clear();
                break;
            case ("/names", 1):
                send(active.Kind == ConversationKind.Group ? $"/members {active.Name}" : "/lo");
                break;
            case ("/names", 2):
                send($"/members {words[1]}");
                break;
            case ("/ignore", 1):
                ShowClient(Ignored.Names.Count == 0 ? "You are ignoring nobody." : $"Ignoring: {string.Join(", ", Ignored.Names)}.");
                break;
            case ("/ignore", 2) when string.Equals(words[1], Me, StringComparison.OrdinalIgnoreCase):
                ShowClient("You cannot ignore yourself.");
                break;
            case ("/ignore", 2):
                Ignored.Add(words[1]);
                ShowClient($"Ignoring {words[1]}: their messages are hidden here (a moderator's still show). /unignore {words[1]} shows them again.");
                break;
            case ("/unignore", 2):
                ShowClient(Ignored.Remove(words[1]) ? $"{words[1]}'s messages show again." : $"You are not ignoring {words[1]}.");
                break;
            case ("/help", 1):
                foreach (var key in Keys)
                {
                    ShowClient(key);
                }

                send("/help");
                break;
            case ("/msg" or "/me" or "/query" or "/close" or "/clear" or "/names" or "/ignore" or "/unignore", _):
                ShowClient(command switch
                {
                    "/ignore" => "Usage: /ignore [<username>]",
                    "/unignore" => "Usage: /unignore <username>",
                    "/msg" => "Usage: /msg <username> <message>",
                    "/me" => "Usage: /me <action>",
                    "/query" => "Usage: /query <username>",
                    "/names" => "Usage: /names [<groupname>]",
                    _ => $"Usage: {command}",
                });
                break;
            default:
                send(ImpliedTarget.Complete(line, active));
                break;
        }
    }

    /// <summary>Shows a new own group or PM conversation (after /jg or /cg, or /query), asking for its recent history once.</summary>
    private void Open(ConversationKey key, bool show, bool history)
    {
        var conversation = Conversations.Open(key);
        if (show)
        {
            Conversations.Show(key);
        }

        if (history)
        {
            RequestHistory(conversation);
        }
    }

    private void RequestHistory(Conversation conversation)
    {
        if (!conversation.HistoryRequested)
        {
            conversation.HistoryRequested = true;
            send(conversation.Key.HistoryCommand);
        }
    }

    /// <summary>Sends <paramref name="text"/> into a conversation, and shows it there as sent.</summary>
    private void SendTo(ConversationKey to, string text)
    {
        send(to.Kind switch
        {
            ConversationKind.Room => text,
            ConversationKind.Group => $"/gc {to.Name} {text}",
            _ => $"/pm {to.Name} {text}",
        });
        var me = Me ?? "you"; // typed before the login completed: it goes out once connected
        var action = text.StartsWith("* ", StringComparison.Ordinal);
        Conversations.Add(to, new ChatEntry(Now, action ? EntryKind.Action : EntryKind.Own, action ? $"* {me} {text[2..]}" : $"{me}: {text}"));
    }

    [GeneratedRegex(@"^(?:History of (?<of>.+) \(last \d+, times UTC(?:; [^)]*)?\):|No messages in (?<of>.+) yet\.)$")]
    private static partial Regex HistoryHeading();

    [GeneratedRegex(@"^Group (?<group>\S+) created\.$")]
    private static partial Regex GroupCreated();
}
