using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OnlineChat.Protocol;

/// <summary>
/// A message's place in the message log: the Redis Streams id "{ms}-{seq}" Redis gave it when it was written,
/// so ids are in the order messages were accepted and tell when that was (the server timestamp).
/// <see cref="Zero"/> is before every message.
/// </summary>
public readonly record struct LogId(long Milliseconds, long Sequence) : IComparable<LogId>
{
    public static readonly LogId Zero = new(0, 0);

    /// <summary>When the message was written, by the Redis server's clock.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Milliseconds);

    /// <summary>The first id Redis could give at <paramref name="time"/>: every message written later is after it.</summary>
    public static LogId At(DateTimeOffset time) => new(Math.Max(0, time.ToUnixTimeMilliseconds()), 0);

    public static bool TryParse(ReadOnlySpan<char> text, out LogId id)
    {
        id = Zero;
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        id = new LogId(ms, seq);
        return true;
    }

    public static LogId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a message log id.");

    public int CompareTo(LogId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(LogId a, LogId b) => a.CompareTo(b) < 0;
    public static bool operator >(LogId a, LogId b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogId a, LogId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogId a, LogId b) => a.CompareTo(b) >= 0;

    public static LogId Max(LogId a, LogId b) => a >= b ? a : b;

    public override string ToString() => $"{Milliseconds.ToString(CultureInfo.InvariantCulture)}-{Sequence.ToString(CultureInfo.InvariantCulture)}";
}
