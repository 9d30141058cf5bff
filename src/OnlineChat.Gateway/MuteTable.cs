namespace OnlineChat.Gateway;

/// <summary>
/// Who is muted, and until when: this gateway's copy of the directory's mutes, so a message is checked
/// without a Redis round trip. Mute events from presence keep it current; <see cref="MuteSync"/> reloads it
/// whole where events can have been missed. A mute ends by itself when its time comes.
/// </summary>
/// <remarks>
/// Readers (every message) see an immutable dictionary; the rare writers copy it under a lock. Events that
/// arrive while a reload is in flight are replayed over the loaded list, since that list may have been read
/// before them.
/// </remarks>
public sealed class MuteTable
{
    private readonly Lock _writing = new();
    private Dictionary<string, DateTimeOffset> _until = new(StringComparer.OrdinalIgnoreCase);
    private List<(string User, DateTimeOffset? Until)>? _heardDuringReload;

    /// <summary>A mute event: <paramref name="user"/> is muted until a time, or (null) no longer.</summary>
    public void Set(string user, DateTimeOffset? until)
    {
        lock (_writing)
        {
            _heardDuringReload?.Add((user, until));
            var next = new Dictionary<string, DateTimeOffset>(_until, StringComparer.OrdinalIgnoreCase);
            Apply(next, user, until);
            Volatile.Write(ref _until, next);
        }
    }

    /// <summary>When the user's mute ends, or null when they are not muted at <paramref name="now"/>.</summary>
    public DateTimeOffset? MutedUntil(string user, DateTimeOffset now) =>
        Volatile.Read(ref _until).TryGetValue(user, out var until) && until > now ? until : null;

    /// <summary>Call before asking for the directory's list: events from here on are kept to replay over it.</summary>
    public void BeginReload()
    {
        lock (_writing)
        {
            _heardDuringReload = [];
        }
    }

    /// <summary>The list could not be read: events are no longer kept for it.</summary>
    public void AbandonReload()
    {
        lock (_writing)
        {
            _heardDuringReload = null;
        }
    }

    /// <summary>
    /// Replaces the table with the directory's list (and the events heard since <see cref="BeginReload"/>).
    /// Returns the users whose mute, as of <paramref name="now"/>, this changed: events this gateway missed.
    /// </summary>
    public IReadOnlyList<(string User, DateTimeOffset? Until)> CompleteReload(IEnumerable<(string User, DateTimeOffset Until)> directory, DateTimeOffset now)
    {
        lock (_writing)
        {
            var next = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
            foreach (var (user, until) in directory)
            {
                next[user] = until;
            }

            foreach (var (user, until) in _heardDuringReload ?? [])
            {
                Apply(next, user, until);
            }

            _heardDuringReload = null;
            var previous = _until;
            Volatile.Write(ref _until, next);
            return [.. previous.Keys.Union(next.Keys, StringComparer.OrdinalIgnoreCase)
                .Select(user => (User: user, Before: Effective(previous, user, now), After: Effective(next, user, now)))
                .Where(change => change.Before != change.After)
                .Select(change => (change.User, change.After))];
        }
    }

    private static void Apply(Dictionary<string, DateTimeOffset> table, string user, DateTimeOffset? until)
    {
        if (until is { } end)
        {
            table[user] = end;
        }
        else
        {
            table.Remove(user);
        }
    }

    private static DateTimeOffset? Effective(Dictionary<string, DateTimeOffset> table, string user, DateTimeOffset now) =>
        table.TryGetValue(user, out var until) && until > now ? until : null;
}
