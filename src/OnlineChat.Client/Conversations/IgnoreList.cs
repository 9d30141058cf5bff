namespace OnlineChat.Client.Conversations;

/// <summary>
/// The users whose messages this client hides (/ignore), as IRC clients do: their broadcasts, PMs, group
/// messages and actions, live or from /history. Events (joins, leaves) still show, so a conversation still
/// makes sense, and a moderator's messages always do: a student cannot tune out the teacher. Kept for the
/// run of the client only; the server knows nothing of it.
/// </summary>
public sealed class IgnoreList
{
    private readonly SortedSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _names;

    public bool Add(string user) => _names.Add(user);

    public bool Remove(string user) => _names.Remove(user);

    /// <summary>Whether <paramref name="placed"/> is a message (not an event) from someone ignored and not a moderator.</summary>
    public bool Hides(PlacedLine placed) =>
        placed.Sender is { } sender && !placed.FromModerator && placed.Entry.Kind is EntryKind.Message or EntryKind.Action
        && _names.Contains(sender);
}
