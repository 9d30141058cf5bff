using System.Globalization;
using System.Text.RegularExpressions;

namespace OnlineChat.Client.Conversations;

/// <summary>A server line placed: the conversation it belongs to, the entry to show there, who it is from (with a moderator's badge or not) and the group it names.</summary>
public sealed record PlacedLine(ConversationKey Conversation, ChatEntry Entry, string? Sender = null, string? Group = null, bool FromModerator = false);

/// <summary>
/// Reads the seed-style lines the server sends (docs/protocol.md) back into conversations: "(PM) bob: hi"
/// belongs to the PMs with bob, "(maths) bob: hi" to the group maths, "bob: hi" to the room, "bob has
/// joined group maths." to that group; anything else is an event of the room. Only lines from the message
/// log are read this way (a client that resumes gets them with their log id), so a reply such as
/// "Online: a, b" is never taken for a message from a user called "Online".
/// </summary>
public static partial class IncomingLine
{
    private const string Name = @"[A-Za-z0-9_.\-]{1,32}";

    /// <summary>
    /// Places one line from the log; <paramref name="me"/> marks this user's own lines. A line of a /history
    /// page (<paramref name="historyOf"/>) belongs to that page's conversation, whoever sent it.
    /// </summary>
    public static PlacedLine Place(string line, string? me, DateTimeOffset now, bool missed = false, ConversationKey? historyOf = null)
    {
        var fromHistory = historyOf is not null;
        var text = line.TrimEnd('\n', '\r');
        var time = now;

        // An account's messages from while it was away, and /history's lines, carry the server's time (UTC).
        if (MissedPrefix().Match(text) is { Success: true } m)
        {
            time = Stamp(m.Groups["time"].Value, now);
            text = text[m.Length..];
            missed = true;
        }
        else if (fromHistory && HistoryPrefix().Match(text) is { Success: true } h)
        {
            time = Stamp(h.Groups["time"].Value, now);
            text = text[h.Length..];
        }

        ChatEntry Entry(EntryKind kind, string shown) => new(time, kind, shown, missed, fromHistory);

        if (Said().Match(text) is { Success: true } said)
        {
            var where = said.Groups["where"].Success ? said.Groups["where"].Value : null;
            var sender = said.Groups["sender"].Value;
            var badge = said.Groups["badge"].Success ? said.Groups["badge"].Value : "";
            var body = said.Groups["body"].Value;
            var own = me is not null && string.Equals(sender, me, StringComparison.OrdinalIgnoreCase);
            var conversation = historyOf ?? where switch
            {
                null => ConversationKey.Room,
                "PM" => ConversationKey.With(sender),
                _ => ConversationKey.Group(where),
            };

            // "/me waves" travels as the message "* waves" (the seed's client shows "ann: * waves").
            var kind = body.StartsWith("* ", StringComparison.Ordinal) ? EntryKind.Action
                : own ? EntryKind.Own
                : badge.Length > 0 ? EntryKind.Moderator
                : EntryKind.Message;
            var shown = kind == EntryKind.Action ? $"* {badge}{sender} {body[2..]}" : $"{badge}{sender}: {body}";
            return new PlacedLine(conversation, Entry(kind, shown), sender, FromModerator: badge.Length > 0);
        }

        if (GroupEvent().Match(text) is { Success: true } groupEvent)
        {
            var group = groupEvent.Groups["group"].Value;
            return new PlacedLine(historyOf ?? ConversationKey.Group(group), Entry(EntryKind.Event, text), groupEvent.Groups["user"].Value, group);
        }

        if (Invitation().Match(text) is { Success: true } invitation)
        {
            // Its group is not open here yet: the invitation shows in the room.
            return new PlacedLine(historyOf ?? ConversationKey.Room, Entry(EntryKind.Event, text), invitation.Groups["owner"].Value, invitation.Groups["group"].Value);
        }

        if (CameOnline().Match(text) is { Success: true } online)
        {
            // Its user is someone to Tab-complete from now on.
            return new PlacedLine(historyOf ?? ConversationKey.Room, Entry(EntryKind.Event, text), online.Groups["user"].Value);
        }

        return new PlacedLine(historyOf ?? ConversationKey.Room, Entry(text.StartsWith("Error:", StringComparison.Ordinal) ? EntryKind.Error : EntryKind.Event, text));
    }

    private static DateTimeOffset Stamp(string stamp, DateTimeOffset now)
    {
        if (DateTime.TryParseExact(stamp, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var today))
        {
            return new DateTimeOffset(now.UtcDateTime.Date + today.TimeOfDay, TimeSpan.Zero);
        }

        return DateTime.TryParseExact(stamp, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var earlier)
            ? new DateTimeOffset(earlier, TimeSpan.Zero)
            : now;
    }

    [GeneratedRegex(@"^\[missed (?<time>\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})\] ")]
    private static partial Regex MissedPrefix();

    [GeneratedRegex(@"^\[(?<time>\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})\] ")]
    private static partial Regex HistoryPrefix();

    // "(PM) [teacher] ann: hi", "(maths) ann: hi", "[teacher] ann: hi", "ann: hi".
    [GeneratedRegex(@"^(?:\((?<where>" + Name + @")\) )?(?<badge>\[" + Name + @"\] )?(?<sender>" + Name + @"): (?<body>.*)$", RegexOptions.Singleline)]
    private static partial Regex Said();

    // "ann has joined group maths.", "ann has just left group maths.", "bob is now the owner of group maths.",
    // "ann was removed from group maths by bob.", "bob made group maths invite-only.", "bob opened group maths to everyone."
    [GeneratedRegex(@"^(?<user>" + Name + @") (?:has joined|has just left|is now the owner of|was removed from|made|opened) group (?<group>" + Name + @")(?: by " + Name + @"| invite-only| to everyone)?\.$")]
    private static partial Regex GroupEvent();

    // "bob is now online."
    [GeneratedRegex(@"^(?<user>" + Name + @") is now online\.$")]
    private static partial Regex CameOnline();

    // "bob invited you to group maths. Join with /jg maths"
    [GeneratedRegex(@"^(?<owner>" + Name + @") invited you to group (?<group>" + Name + @")\. ")]
    private static partial Regex Invitation();
}
