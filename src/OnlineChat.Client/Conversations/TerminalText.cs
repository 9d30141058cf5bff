using System.Text;

namespace OnlineChat.Client.Conversations;

/// <summary>
/// Other people's text made safe to put on a terminal. A tab becomes a space (a terminal UI draws nothing
/// for it, and "tab\there" read "tabhere"). Bidirectional overrides and isolates are dropped: in a terminal
/// that reorders text they make a line read otherwise than it was sent (the "Trojan Source" trick, CVE-2021-42574),
/// e.g. a message showing someone else's name; right-to-left scripts still show, in their natural order.
/// </summary>
public static class TerminalText
{
    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        "\t\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    public static string Safe(string text)
    {
        if (!text.AsSpan().ContainsAny(Unsafe))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\t')
            {
                safe.Append(' ');
            }
            else if (!IsBidiControl(c))
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
