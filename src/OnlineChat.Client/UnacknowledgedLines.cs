using System.Diagnostics;
using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>
/// The lines a client that resumes has sent and the server has not acknowledged yet, numbered 1, 2, … per
/// login (<see cref="NumberedFrame"/>). After a dropped connection they are sent again, with the same
/// numbers, so a line the old gateway never read still goes out and one it did is not sent twice. Each
/// remembers when it was (last) sent, so an acknowledgement also measures the lag.
/// </summary>
public sealed class UnacknowledgedLines
{
    private readonly Lock _gate = new();
    private readonly List<(long Number, string Line, long SentAt)> _lines = [];
    private long _next = 1;

    /// <summary>Numbers <paramref name="line"/>, sent at <paramref name="now"/> (Stopwatch ticks), and keeps it until acknowledged; returns the frame to send.</summary>
    public string Add(string line, long now = 0)
    {
        lock (_gate)
        {
            var number = _next++;
            _lines.Add((number, line, now));
            return NumberedFrame.Format(number, line);
        }
    }

    /// <summary>Forgets frame <paramref name="number"/> and those before it; how long ago it was sent, if it was still kept.</summary>
    public TimeSpan? Acknowledge(long number, long now = 0)
    {
        lock (_gate)
        {
            var index = _lines.FindIndex(l => l.Number == number);
            var lag = index >= 0 ? Stopwatch.GetElapsedTime(_lines[index].SentAt, now) : (TimeSpan?)null;
            _lines.RemoveAll(l => l.Number <= number);
            return lag;
        }
    }

    /// <summary>The frames to send again on a new connection, in order, as sent at <paramref name="now"/>.</summary>
    public IReadOnlyList<string> Frames(long now = 0)
    {
        lock (_gate)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                _lines[i] = _lines[i] with { SentAt = now };
            }

            return [.. _lines.Select(l => NumberedFrame.Format(l.Number, l.Line))];
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }
}
