using System.Globalization;

namespace OnlineChat.Protocol;

/// <summary>
/// A client that resumes numbers its frames, "@{n} {line}" (n = 1, 2, … per login), so that after a dropped
/// connection it can send again what the server had not acknowledged (<c>/ack {n}</c>) without a message
/// ever going out twice: the server keeps the highest number it accepted a message under. docs/protocol.md, "Resuming".
/// </summary>
public static class NumberedFrame
{
    public static bool TryParse(string frame, out long number, out string line)
    {
        number = 0;
        line = frame;
        var space = frame.IndexOf(' ');
        if (frame.Length < 3 || frame[0] != '@' || space < 2
            || !long.TryParse(frame.AsSpan(1, space - 1), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)
        {
            return false;
        }

        line = frame[(space + 1)..];
        return true;
    }

    public static string Format(long number, string line) => $"@{number.ToString(CultureInfo.InvariantCulture)} {line}";

    /// <summary>The server's acknowledgement: it is done with frame <paramref name="number"/> (carried out, or refused with an error the client was shown).</summary>
    public static string Ack(long number) => $"/ack {number.ToString(CultureInfo.InvariantCulture)}";
}
