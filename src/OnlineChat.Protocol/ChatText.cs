using System.Globalization;
using System.Text;

namespace OnlineChat.Protocol;

/// <summary>
/// Every text a client reads, in the seed's wording (its typos fixed). Chat lines end with a newline as
/// the seed's did, so the seed's own Client.py, which writes frames to stdout as they come, still works.
/// </summary>
public static class ChatText
{
    public const string Ack = "ACK";

    public const string Welcome = "Welcome to the chat :)\nTo view instructions, type /help\n";

    public static class Usage
    {
        public const string Help = "Usage: /help";
        public const string Quit = "Usage: /quit";
        public const string PrivateMessage = "Usage: /pm <username> <message>";
        public const string GroupMessage = "Usage: /gc <groupname> <message>";
        public const string CreateGroup = "Usage: /cg <groupname>";
        public const string JoinGroup = "Usage: /jg <groupname>";
        public const string LeaveGroup = "Usage: /lg <groupname>";
        public const string ListMyGroups = "Usage: /listg";
        public const string ListAllGroups = "Usage: /listallg [<text>]";
        public const string ListOnline = "Usage: /lo [<text>]";
        public const string Register = "Usage: /register <password>";
        public const string MakePrivate = "Usage: /private <groupname>";
        public const string Mute = "Usage: /mute <username> <minutes>";
        public const string Unmute = "Usage: /unmute <username>";
        public const string ListMutes = "Usage: /mutes";
        public const string MakePublic = "Usage: /public <groupname>";
        public const string ListMembers = "Usage: /members <groupname>";
        public const string Invite = "Usage: /invite <username> <groupname>";
        public const string Kick = "Usage: /kick <username> <groupname>";
        public const string LogIn = "Usage: /login <username> <password>";
        public const string ChangePassword = "Usage: /password <new password>";
        public const string ResetPassword = "Usage: /resetpassword <username> <new password>";
        public const string LogOut = "Usage: /logout";
        public const string History = "Usage: /history [<groupname>|<username>] [count]";
    }

    public const string HelpText =
        "* Messages are broadcast by default. *\n" +
        "/help View command options.\n" +
        "/pm <username> <message> Send user a private message.\n" +
        "/gc <groupname> <message> Send message to private group.\n" +
        "/cg <groupname> Create a private group.\n" +
        "/jg <groupname> Join a private group.\n" +
        "/lg <groupname> Leave a private group.\n" +
        "/listg List groups you are a member of.\n" +
        "/listallg [<text>] List all groups, or those whose name contains the text.\n" +
        "/members <groupname> List a group's members, owner first.\n" +
        "/private <groupname> Make your group invite-only; /public <groupname> opens it again.\n" +
        "/invite <username> <groupname> Let a user join your invite-only group.\n" +
        "/kick <username> <groupname> Remove a member from your group.\n" +
        "/mute <username> <minutes>, /unmute <username> Moderators only: stop or allow a user's messages; /mutes lists who is muted.\n" +
        "/lo [<text>] List users who are online, or those whose name contains the text.\n" +
        "/history [<groupname>|<username>] [n] The last n (20) messages of the room, a group or your PMs with a user (#<groupname> or @<username> where a group and a user share a name).\n" +
        "/register <password> Make your name an account.\n" +
        "/login <username> <password> Log in to your account.\n" +
        "/password <new password> Change your account's password.\n" +
        "/resetpassword <username> <new password> Moderators only: give an account a new password (its owner forgot it).\n" +
        "/logout Log out of your account and leave.\n" +
        "/quit Leave the chat.\n";

    public const string Goodbye = "Goodbye.\n";
    public const string GroupExists = "A group with that name already exists.\n";
    /// <summary>A week: the longest mute.</summary>
    public const int MaxMuteMinutes = 7 * 24 * 60;

    public const string NotModerator = "Only a moderator can do that.\n";

    /// <summary>A moderator who mutes herself could no longer talk to the class until she noticed.</summary>
    public const string CannotMuteYourself = "You cannot mute yourself.\n";

    /// <summary>
    /// A mute is by name, so it may be set for a name nobody has now (a guest who left may come back under it);
    /// <paramref name="known"/> false says so, for a name the moderator mistyped.
    /// </summary>
    public static string Muted(string user, DateTimeOffset until, bool known = true) => known
        ? $"Muted {user} until {Clock(until)}.\n"
        : $"Muted {user} until {Clock(until)}, but nobody of that name is online and no account has it: check the spelling (/lo lists who is online).\n";

    public static string Unmuted(string user) => $"{user} can send messages again.\n";

    public static string NotMuted(string user) => $"{user} is not muted.\n";

    /// <summary>/mutes: the users muted now, by name.</summary>
    public static string Mutes(IEnumerable<(string User, DateTimeOffset Until)> mutes)
    {
        var listed = mutes.OrderBy(m => m.User, StringComparer.OrdinalIgnoreCase).Select(m => $"{m.User} until {Clock(m.Until)}").ToList();
        return listed.Count == 0 ? NobodyMuted : $"Muted: {string.Join(", ", listed)}.\n";
    }

    public const string NobodyMuted = "Nobody is muted.\n";

    /// <summary>
    /// A mute the user did not hear set: one in force when it logs in, logs in to an account or resumes, or one its
    /// gateway missed (cut off from Redis, or started while presence was away), found when it reloaded the list.
    /// </summary>
    public static string StillMuted(DateTimeOffset until) => $"You are muted until {Clock(until)}: {WhileMuted}";

    /// <summary>The end of both mute notices: what a mute stops, and the one thing it does not.</summary>
    private const string WhileMuted = "your messages are refused until then, but a PM to a moderator goes through.\n";

    public const string UnmutedWhileAway = "Your mute was lifted: you can send messages again.\n";

    public static string YouAreMuted(DateTimeOffset until) => $"You are muted until {Clock(until)}; this message was not sent.";

    /// <summary>"14:05 UTC", or with the date when it is not today.</summary>
    public static string Clock(DateTimeOffset until) =>
        until.UtcDateTime.Date == DateTime.UtcNow.Date ? $"{until.UtcDateTime:HH:mm} UTC" : $"{until.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    public const string InviteOnly = "This group is invite-only. Ask its owner for an invitation.\n";
    public const string NotOwner = "Only the group's owner can do that.\n";
    public const string CannotKickSelf = "You own this group: leave it with /lg instead.\n";

    public const string NobodyToInvite = "Nobody of that name is online, and no account has it: invite someone who is online, or an account.\n";

    public static string GroupNowPrivate(string group) => $"Group {group} is now invite-only: only users you invite can join.\n";

    public static string GroupNowPublic(string group) => $"Group {group} is open again: anyone can join.\n";

    public static string GroupPrivateAlready(string group) => $"Group {group} is invite-only already.\n";

    public static string GroupPublicAlready(string group) => $"Group {group} is open already: anyone can join.\n";

    public static string Invited(string user, string group) => $"Invited {user} to group {group}.\n";

    public static string Members(string group, string owner, IEnumerable<string> members) =>
        $"Members of {group}: {string.Join(", ", new[] { owner + " (owner)" }.Concat(members.Where(m => m != owner)))}\n";
    public const string NotAMember = "You are not a member of this group.\n";
    public const string NoSuchGroup = "This group does not exist.\n";
    public const string AlreadyAMember = "You are already a member of this group.\n";

    public const string TooManyGroups = "You are in as many groups as one user may be: leave one with /lg before you create or join another.\n";

    /// <summary>An /invite of someone already in the group (the seed's text speaks of the sender).</summary>
    public static string AlreadyInGroup(string user, string group) => $"{user} is already a member of group {group}.\n";

    /// <summary>An /invite of someone invited already, who is not told again.</summary>
    public static string AlreadyInvited(string user, string group) =>
        $"{user} is invited to group {group} already: they join with /jg {group}.\n";

    /// <summary>A /kick of someone not in the group.</summary>
    public static string NotInGroup(string user, string group) => $"{user} is not a member of group {group}.\n";
    public const string NoGroupsOfMine = "You are not a member of any group.\n";
    public const string NoGroups = "There are no groups.\n";
    public const string ShuttingDown = "This gateway is shutting down. Reconnect to another gateway to keep chatting.\n";
    public const string SessionEnded = "Your session has ended. Please reconnect.\n";
    public const string Draining = "This gateway is being drained for maintenance. Reconnect to another gateway to keep chatting.\n";
    public const string RelayDown = "The chat relay is unavailable: messages cannot be sent or received until it returns.\n";
    public const string Reregistered = "The chat directory lost track of you during an outage and has you back. Group memberships may be gone: check with /listg.\n";
    public const string RelayBack = "The chat relay is back: messages flow again.\n";

    // Reasons, shown through Error(...).
    public const string DirectoryUnavailable = "The user directory is unavailable right now. Try again shortly.";
    public const string RelayUnavailable = "The chat relay is unavailable right now; your message was not sent. Try again shortly.";

    /// <summary>A /login presence may have carried out without the gateway hearing so: the connection is closed.</summary>
    public const string LoginUnconfirmed = "Your login could not be confirmed (the user directory's answer was lost), so this connection is closed. Connect again and log in.";

    public const string GatewayDraining = "This gateway is being drained and takes no new clients. Connect to another gateway.";

    public static string GatewayFull(int limit) => $"This gateway is full ({limit} connections). Connect to another gateway.";

    public static string TooManyFromAddress(int limit) => $"Too many connections from your address (limit {limit}).";

    public static string TooManyHandshakes(int limit) =>
        $"Too many connections from your address are logging in at once (limit {limit}); this one waited longest. Connect again.";

    public static string HandshakeTimedOut(TimeSpan timeout) => $"No username received within {Quantity(timeout.TotalSeconds, "second")}.";

    public static string AddressTooFast(double perSecond) =>
        $"Your address is sending too fast (limit {perSecond:0.##} messages per second for all its connections together); this message was not sent. Slow down.";

    /// <summary>"1 second", "2 seconds", "0.5 seconds".</summary>
    public static string Quantity(double count, string unit) => $"{count:0.##} {unit}{(count == 1 ? "" : "s")}";

    public static string TooFast(double perSecond) =>
        $"You are sending too fast (limit {perSecond:0.##} messages per second); this message was not sent. Slow down.";

    // Accounts (see docs/protocol.md).
    public static string Registered(string user) => $"{user} is now your account. From now on, log in with /login {user} <password>.\n";

    public static string NameIsRegistered(string requested) =>
        $"The name {requested} belongs to an account. If it is yours, log in with /login {requested} <password>.\n";

    public static string LoggedIn(string user) => $"You are logged in as {user}.\n";

    public static string AlreadyLoggedIn(string user) => $"You are already logged in as {user}.\n";

    public static string LoggedOut(string user) => LoggedOutOpening + user + LoggedOutEnding;

    private const string LoggedOutOpening = "You have logged out of ";
    private const string LoggedOutEnding = ". Goodbye.\n";

    public const string PasswordChanged = "Your password is changed: log in with the new one from now on.\n";

    public static string PasswordReset(string account) =>
        $"{account} has a new password. Tell them; they can change it with /password once logged in.\n";

    public static string NoSuchAccount(string name) => $"There is no account {name}.\n";

    public const string ModeratorsOwnPassword = "Only its owner can change a moderator's password (/password).\n";

    public const string NotLoggedIn = "You are not logged in to an account. Log in with /login <username> <password>.\n";

    public const string AlreadyRegistered = "This name is an account already. Log in with /login <username> <password>.\n";

    public const string WrongPassword = "Wrong username or password.";

    /// <summary>Presence:RegistrationsPerAddressPerHour reached (a reason, shown as an error).</summary>
    public static string TooManyRegistrations(int limit, int minutes) =>
        $"Your address has registered as many accounts as one may in an hour ({limit}). Try again in {Quantity(minutes, "minute")}.";

    public static string LoginsSlowedDown(int seconds) =>
        $"Too many failed logins for this account or from your address. Try again in {Quantity(seconds, "second")}.";

    public const string WelcomeBack = "Welcome back :)\n";

    /// <summary>To a client that resumes: its login, the secret that resumes it, and the log id it is at.</summary>
    public static string SessionLine(string name, string secret, LogId position) => $"/session {name} {secret} {position}";

    /// <summary>To a client that resumed: how many lines it was sent from the log, right before this.</summary>
    public static string Resumed(int count) => $"/resumed {count}";

    public const string HistoryGap = "Some messages from while you were away are older than the history keeps: you may have missed some.\n";

    public const string ResumeExpired = "Your session could not be resumed: it ended (its resume window passed) or was never resumable. Messages sent to you meanwhile may be missing.\n";

    public const string ResumedElsewhere = "Your session was resumed on another connection; this one is closed.\n";

    public const string LoggedInElsewhere = "You logged in to this account from somewhere else; this connection is closed.\n";

    /// <summary>
    /// The server's last words to a login it ended on purpose (/logout, the account logged in elsewhere, the
    /// session resumed on another connection): a client that reconnects by itself must not, or it comes back
    /// under another name, or takes the session back from the user's other client.
    /// </summary>
    public static bool EndsTheLogin(string line) =>
        line is LoggedInElsewhere or ResumedElsewhere
        || (line.StartsWith(LoggedOutOpening, StringComparison.Ordinal) && line.EndsWith(LoggedOutEnding, StringComparison.Ordinal));

    public const string DirectoryRecovering = "The user directory is being rebuilt after an outage. Try again in a few seconds.";

    public static string NameLost(string user) => $"Your name {user} was taken while the directory was unavailable. Please reconnect.\n";

    public static string UnknownCommand(string name) => $"Unknown command /{name}. Type /help for the list of commands.\n";

    public static string UserNotFound(string user) => $"User {user} could not be found.\n";

    public static string GroupCreated(string group) => $"Group {group} created.\n";

    public static string Line(string text) => text + "\n";

    public static string Error(string reason) => $"Error: {reason}\n";

    /// <summary>
    /// A refusal as its client reads it. A rule or a limit broken, or a service away, reads "Error: reason";
    /// an answer about the chat as it is (only a moderator may, no such account, not logged in) is plain,
    /// as the group and moderation commands' answers are. A line (ending in a newline) is one already; a
    /// bare reason is an error.
    /// </summary>
    public static string Refusal(string refusal) => refusal.EndsWith('\n') ? refusal : Error(refusal);

    public static string MyGroups(IEnumerable<string> groups) => $"Your groups: {string.Join(", ", groups)}\n";

    /// <summary>/listallg; an invite-only group (listed only to its members) is marked as such.</summary>
    public static string AllGroups(IEnumerable<(string Group, string Owner, long Members, bool InviteOnly)> groups) =>
        AllGroups(Listing<(string, string, long, bool)>.Of(groups, g => g.Item1, null, int.MaxValue));

    /// <summary>/listallg [text]: the groups shown, with what was asked for and what was left out in the heading.</summary>
    public static string AllGroups(Listing<(string Group, string Owner, long Members, bool InviteOnly)> listing) =>
        listing.Total == 0
            ? listing.Containing is { } text ? $"No groups with \"{text}\" in their name.\n" : NoGroups
            : $"Groups{ListingHeading(listing, "/listallg")}:\n" + string.Concat(listing.Shown.Select(g =>
                $"  {g.Group} (owner {g.Owner}, {g.Members} {(g.Members == 1 ? "member" : "members")}{(g.InviteOnly ? ", invite-only" : "")})\n"));

    public static string Online(IEnumerable<string> users) => Online(Listing<string>.Of(users, name => name, null, int.MaxValue));

    /// <summary>/lo [text]: the names shown, with what was asked for and what was left out in the heading.</summary>
    public static string Online(Listing<string> listing) =>
        listing is { Total: 0, Containing: { } text }
            ? $"Nobody online has \"{text}\" in their name.\n"
            : $"Online{ListingHeading(listing, "/lo")}: {string.Join(", ", listing.Shown)}\n";

    // " with "ma" in their name (the first 1,000 of 2,345; narrow it with /lo <text>)": no colon inside, which
    // ends the heading for a client that reads the names after it.
    private static string ListingHeading<T>(Listing<T> listing, string command) =>
        (listing.Containing is { } text ? $" with \"{text}\" in their name" : "")
        + (listing.Cut ? string.Create(CultureInfo.InvariantCulture, $" (the first {listing.Shown.Count:N0} of {listing.Total:N0}; narrow it with {command} <text>)") : "");

    /// <summary>"[teacher] " before a moderator's name; nothing for everyone else.</summary>
    private static string Badge(ChatEvent chatEvent) => chatEvent.Badge is { } badge ? $"[{badge}] " : "";

    /// <summary>
    /// /history's answer: a heading, then each message as its recipients read it, after its server time (UTC).
    /// Only the newest that fit in <paramref name="maxBytes"/> (at least one): 200 of the longest lines are
    /// 1.6 MB, more than a client's queue may hold when its link is slow, and it would be cut off for asking.
    /// </summary>
    public static string History(string conversation, IReadOnlyList<(DateTimeOffset Time, string Line)> messages, int maxBytes = int.MaxValue)
    {
        if (messages.Count == 0)
        {
            return $"No messages in {conversation} yet.\n";
        }

        var lines = messages.Select(m => $"[{Stamp(m.Time)}] {m.Line}").ToList();
        var first = lines.Count - 1;
        for (long bytes = Encoding.UTF8.GetByteCount(lines[first]); first > 0; first--)
        {
            bytes += Encoding.UTF8.GetByteCount(lines[first - 1]);
            if (bytes > maxBytes)
            {
                break;
            }
        }

        var cut = first > 0 ? "; the older ones asked for do not fit in one answer" : "";
        return $"History of {conversation} (last {lines.Count - first}, times UTC{cut}):\n" + string.Concat(lines.Skip(first));
    }

    /// <summary>A message an account missed while away, as it reads when it logs in.</summary>
    public static string Missed(DateTimeOffset time, string line) => $"[missed {Stamp(time)}] {line}";

    /// <summary>After what an account missed: its messages, and notices (an invitation to a group, a removal from one, a change of one of its groups).</summary>
    public static string MissedSummary(int messages, int notices = 0)
    {
        static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
        var counted = (messages, notices) switch
        {
            (_, 0) => Count(messages, "message"),
            (0, _) => Count(notices, "notice"),
            _ => $"{Count(messages, "message")} and {Count(notices, "notice")}",
        };
        return $"You missed {counted} while you were away (shown above).\n";
    }

    public const string HistoryNotKept = "This server keeps no conversation history.\n";

    public static string NoHistory(string target, HistoryScope scope = HistoryScope.Either) => scope switch
    {
        HistoryScope.Group => $"No group {target} of yours: there is no history to show.\n",
        HistoryScope.User => $"No user {target}: there is no history to show.\n",
        _ => $"No group {target} of yours and no user {target}: there is no history to show.\n",
    };

    public static string OfflineAccount(string user) => $"{user} is offline; they will get your message when they next log in.\n";

    /// <summary>Today's messages by time, older ones with their date.</summary>
    private static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.Date == DateTime.UtcNow.Date ? time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A line for a client that resumes (docs/protocol.md, "Resuming"): its log id in front, "@{id} {line}".</summary>
    public static string WithLogId(LogId id, string line) => $"@{id} {line}";

    /// <summary>A logged event as live delivery writes it: with its log id for a client that resumes.</summary>
    public static string Delivered(LogId id, ChatEvent chatEvent, bool withLogId) =>
        withLogId ? WithLogId(id, Render(chatEvent)) : Render(chatEvent);

    /// <summary>The line a recipient reads for <paramref name="chatEvent"/>.</summary>
    public static string Render(ChatEvent chatEvent) => chatEvent.Kind switch
    {
        ChatEventKind.Broadcast => $"{Badge(chatEvent)}{chatEvent.User}: {chatEvent.Text}\n",
        ChatEventKind.Private => $"(PM) {Badge(chatEvent)}{chatEvent.User}: {chatEvent.Text}\n",
        ChatEventKind.Group => $"({chatEvent.Group}) {Badge(chatEvent)}{chatEvent.User}: {chatEvent.Text}\n",
        ChatEventKind.UserOnline => $"{chatEvent.User} is now online.\n",
        ChatEventKind.UserOffline => $"{chatEvent.User} has gone offline.\n",
        ChatEventKind.GroupJoined => $"{chatEvent.User} has joined group {chatEvent.Group}.\n",
        ChatEventKind.GroupLeft => $"{chatEvent.User} has just left group {chatEvent.Group}.\n",
        ChatEventKind.GroupOwnerChanged => $"{chatEvent.User} is now the owner of group {chatEvent.Group}.\n",
        ChatEventKind.SessionEnded => chatEvent.Text ?? SessionEnded,
        ChatEventKind.GroupInvited => $"{chatEvent.User} invited you to group {chatEvent.Group}. Join with /jg {chatEvent.Group}\n",
        ChatEventKind.UserMuted => chatEvent.UntilUnixMs > 0
            ? $"You are muted by {chatEvent.Text} until {Clock(DateTimeOffset.FromUnixTimeMilliseconds(chatEvent.UntilUnixMs))}: {WhileMuted}"
            : $"{chatEvent.Text} lifted your mute: you can send messages again.\n",
        ChatEventKind.GroupRemoved => $"{chatEvent.User} was removed from group {chatEvent.Group} by {chatEvent.Text}.\n",
        ChatEventKind.GroupClosed => $"{chatEvent.User} made group {chatEvent.Group} invite-only.\n",
        ChatEventKind.GroupOpened => $"{chatEvent.User} opened group {chatEvent.Group} to everyone.\n",
        _ => throw new ArgumentOutOfRangeException(nameof(chatEvent), chatEvent.Kind, "Unknown event kind."),
    };
}
