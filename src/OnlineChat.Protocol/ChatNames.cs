namespace OnlineChat.Protocol;

/// <summary>
/// The rules for user and group names. Names travel inside commands split on spaces and are shown after
/// "(PM) " or "(group) ", so they must be short, one word, and free of the characters the protocol uses.
/// </summary>
public static class ChatNames
{
    public const int MaxLength = 32;

    public enum Kind { User, Group }

    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "server", "system", "admin", "everyone", "all", "pm", "ack",
    };

    /// <summary>Returns null when <paramref name="name"/> is acceptable, otherwise the reason to show the client.</summary>
    public static string? Validate(string name, Kind kind)
    {
        var what = kind == Kind.User ? "Username" : "Group name";
        if (name.Length == 0)
        {
            return $"{what} must not be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"{what} must be at most {MaxLength} characters.";
        }

        // ASCII only, as documented: other scripts bring lookalikes (Cyrillic е for Latin e, fullwidth
        // letters) and invisible letters (U+3164) that would let one user pass for another.
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return $"{what} may contain only the letters A-Z and a-z, digits, '_', '-' and '.'.";
            }
        }

        if (s_reserved.Contains(name))
        {
            return $"{what} '{name}' is reserved.";
        }

        return null;
    }
}
