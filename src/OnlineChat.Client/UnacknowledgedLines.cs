using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>
/// The lines a client that resumes has sent and the server has not acknowledged yet, numbered 1, 2, … per
/// login (<see cref="NumberedFrame"/>). After a dropped connection they are sent again, with the same
/// numbers, so a line the old gateway never read still goes out and one it did is not sent twice.
/// </summary>
public sealed class UnacknowledgedLines
{
    private readonly Lock _gate = new();
    private readonly List<(long Number, string Line)> _lines = [];
    private long _next = 1;

    /// <summary>Numbers <paramref name="line"/> and keeps it until acknowledged; returns the frame to send.</summary>
    public string Add(string line)
    {
        lock (_gate)
        {
            var number = _next++;
            _lines.Add((number, line));
            return NumberedFrame.Format(number, line);
        }
    }

    public void Acknowledge(long number)
    {
        lock (_gate)
        {
            _lines.RemoveAll(l => l.Number <= number);
        }
    }

    /// <summary>The frames to send again on a new connection, in order.</summary>
    public IReadOnlyList<string> Frames()
    {
        lock (_gate)
        {
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
