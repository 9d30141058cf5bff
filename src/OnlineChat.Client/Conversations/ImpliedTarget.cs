namespace OnlineChat.Client.Conversations;

/// <summary>
/// Server commands about a group, typed in that group's conversation without naming it, are about that group
/// (as IRC clients take /part, /names, /invite and /kick for the channel shown): "/lg" in (maths) is sent as
/// "/lg maths", "/invite bob" as "/invite bob maths". "/history [n]" is for the conversation shown, a PM's too.
/// Anything else, or a command in the room, goes as typed, and the server answers with its usage.
/// </summary>
public static class ImpliedTarget
{
    /// <summary>The line to send for <paramref name="line"/> (a command, trimmed) typed in <paramref name="shown"/>.</summary>
    public static string Complete(string line, ConversationKey shown)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = words[0].ToLowerInvariant();
        if (shown.Kind == ConversationKind.Room)
        {
            return line;
        }

        if (command == "/history" && (words.Length == 1 || (words.Length == 2 && words[1].All(char.IsAsciiDigit))))
        {
            return words.Length == 1 ? shown.HistoryCommand : $"{shown.HistoryCommand} {words[1]}";
        }

        if (shown.Kind != ConversationKind.Group)
        {
            return line;
        }

        return (command, words.Length) switch
        {
            ("/members" or "/lg" or "/private" or "/public", 1) => $"{words[0]} {shown.Name}",
            ("/invite" or "/kick", 2) => $"{words[0]} {words[1]} {shown.Name}",
            _ => line,
        };
    }
}
