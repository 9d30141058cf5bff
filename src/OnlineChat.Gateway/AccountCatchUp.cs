using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// What a /login shows from the log, entry by entry: the rule on its own, so that its cases are tested without
/// a gateway. Up to <paramref name="at"/> (where presence moved the login to the account): what the account
/// missed since <paramref name="seen"/> (its last logout), marked as missed, but not what the session heard or
/// said under its guest name, which it saw live. After <paramref name="at"/>: what came for the account while
/// the session still had the guest's name here, as live delivery writes it, but not what the guest name got anyway.
/// </summary>
/// <param name="account">The account's name as registered.</param>
/// <param name="guest">The name the session had before the login.</param>
/// <param name="token">The session's login token (a notice about this login is not for it).</param>
/// <param name="seen">Where the account's last login ended; null: nothing to show as missed (a first login).</param>
/// <param name="at">The log's position at the login.</param>
/// <param name="heardSince">From where the session has had every line for its guest name (<see cref="ChatSession.HeardSince"/>); null: not known.</param>
/// <param name="groups">The account's groups whose messages count as missed (not those the guest brought along).</param>
/// <param name="withLogIds">Whether the session's lines carry their log ids (a client that resumes).</param>
public sealed class AccountCatchUp(string account, string guest, string? token, LogId? seen, LogId at, LogId? heardSince,
    IReadOnlySet<string> groups, bool withLogIds)
{
    /// <summary>Messages shown as missed so far.</summary>
    public int Missed { get; private set; }

    /// <summary>Notices (an invitation, a removal from a group, a change of one of its groups' mode or owner) shown as missed so far.</summary>
    public int Notices { get; private set; }

    /// <summary>Where reading the log starts: the last logout, or the login when there is nothing missed to show.</summary>
    public LogId From => seen is { } last && last < at ? last : at;

    /// <summary>The line the session gets for <paramref name="entry"/>, or null for none.</summary>
    public string? Line(LoggedEvent entry)
    {
        if (entry.Id > at)
        {
            return entry.Event.IsFor(account, token) && !entry.Event.IsFor(guest) ? ChatText.Delivered(entry.Id, entry.Event, withLogIds) : null;
        }

        if (seen is null || HeardAsGuest(entry) || !WasMissed(entry.Event))
        {
            return null;
        }

        if (entry.Event.Kind is not (ChatEventKind.Private or ChatEventKind.Group))
        {
            Notices++;
        }
        else
        {
            Missed++;
        }

        // With its log id for a client that resumes, as live lines: such a client files it in its conversation.
        var missed = ChatText.Missed(entry.Id.Time, ChatText.Render(entry.Event));
        return withLogIds ? ChatText.WithLogId(entry.Id, missed) : missed;
    }

    /// <summary>
    /// Whatever the guest heard or said after <c>heardSince</c> it saw live: a group message in a group the account
    /// was in already, a note it left its own account while that was away, an invitation it sent it.
    /// </summary>
    private bool HeardAsGuest(LoggedEvent entry) => heardSince is { } since && entry.Id > since
        && (entry.Event.IsFor(guest) || string.Equals(entry.Event.User, guest, StringComparison.Ordinal));

    /// <summary>
    /// A PM to the account, an invitation to a group or its removal from one, a message in one of its groups from
    /// someone else, and what changed one of its groups for it: made invite-only or open, a new owner (maybe the
    /// account itself). Joins and departures are not: in a busy group they would bury what was said.
    /// </summary>
    private bool WasMissed(ChatEvent chatEvent) => chatEvent.Kind switch
    {
        ChatEventKind.Private or ChatEventKind.GroupInvited or ChatEventKind.GroupRemoved => chatEvent.To is { } to && to.Contains(account, StringComparer.Ordinal),
        ChatEventKind.Group => InOneOfItsGroups(chatEvent) && chatEvent.User != account,
        ChatEventKind.GroupClosed or ChatEventKind.GroupOpened or ChatEventKind.GroupOwnerChanged => InOneOfItsGroups(chatEvent),
        _ => false,
    };

    private bool InOneOfItsGroups(ChatEvent chatEvent) => chatEvent.Group is { } group && groups.Contains(group);
}
