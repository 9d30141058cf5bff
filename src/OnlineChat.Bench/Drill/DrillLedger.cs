namespace OnlineChat.Bench.Drill;

/// <summary>
/// What was sent to whom and what arrived where, for <see cref="DrillRun"/>'s report. A message a sender was
/// refused (it got an error) is not expected anywhere; one it got no error for is expected once at every
/// recipient. Thread-safe: every client's receive loop writes here.
/// </summary>
public sealed partial class DrillLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<int>> _recipients = [];
    private readonly Dictionary<string, (string Kind, double At)> _about = [];
    private readonly Dictionary<(int Client, string Message), int> _arrivals = [];
    private readonly Dictionary<int, string> _lastSent = [];
    private readonly HashSet<string> _refused = [];
    private int _unexpected;

    /// <param name="kind">broadcast, pm or group, for the breakdown of what was lost.</param>
    /// <param name="at">Seconds into the run, for the breakdown of what was lost.</param>
    public void Sent(int sender, string message, IEnumerable<int> recipients, string kind = "", double at = 0)
    {
        lock (_gate)
        {
            _recipients[message] = [.. recipients];
            _about[message] = (kind, at);
            _lastSent[sender] = message;
        }
    }

    /// <summary>The sender got an error: it answers the last message it sent (a client sends one at a time, seconds apart).</summary>
    public void Refused(int sender)
    {
        lock (_gate)
        {
            if (_lastSent.TryGetValue(sender, out var message))
            {
                _refused.Add(message);
            }
        }
    }

    public void Arrived(int client, string message)
    {
        lock (_gate)
        {
            if (!_recipients.TryGetValue(message, out var recipients) || !recipients.Contains(client))
            {
                _unexpected++;
                return;
            }

            _arrivals[(client, message)] = _arrivals.GetValueOrDefault((client, message)) + 1;
        }
    }

    public DrillCounts Count()
    {
        lock (_gate)
        {
            var accepted = _recipients.Where(m => !_refused.Contains(m.Key)).ToList();
            var expected = accepted.Sum(m => (long)m.Value.Count);
            var delivered = accepted.Sum(m => (long)m.Value.Count(c => _arrivals.ContainsKey((c, m.Key))));
            // A refused message that arrived anyway counts as delivered to nobody and is listed as unexpected.
            var duplicated = _arrivals.Sum(a => (long)a.Value - 1);
            return new DrillCounts(_recipients.Count, _refused.Count, expected, delivered, expected - delivered, duplicated, _unexpected);
        }
    }
}

public sealed partial class DrillLedger
{
    /// <summary>What was lost, by kind and by the recipient's gateway, with when the first and last of it was sent: where to look.</summary>
    public IReadOnlyList<string> LostBreakdown(Func<int, string> gatewayOf)
    {
        lock (_gate)
        {
            var lost = _recipients.Where(m => !_refused.Contains(m.Key))
                .SelectMany(m => m.Value.Where(c => !_arrivals.ContainsKey((c, m.Key))).Select(c => (Message: m.Key, Client: c)))
                .ToList();
            return [.. lost.GroupBy(l => (_about[l.Message].Kind, Gateway: gatewayOf(l.Client)))
                .Select(g => $"{g.Key.Kind} to clients on {g.Key.Gateway}: {g.Count()} deliveries of {g.Select(l => l.Message).Distinct().Count()} messages " +
                    $"sent {g.Min(l => _about[l.Message].At):0.0}-{g.Max(l => _about[l.Message].At):0.0} s into the run")];
        }
    }
}

public sealed record DrillCounts(int Sent, int Refused, long Expected, long Delivered, long Lost, long Duplicated, int Unexpected);
