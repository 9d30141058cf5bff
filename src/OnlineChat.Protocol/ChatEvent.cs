using System.Text.Json.Serialization;

namespace OnlineChat.Protocol;

public enum ChatEventKind
{
    Broadcast,
    Private,
    Group,
    UserOnline,
    UserOffline,
    GroupJoined,
    GroupLeft,
    GroupOwnerChanged,

    /// <summary>To the invitee: <see cref="ChatEvent.User"/>, the owner, invited them to <see cref="ChatEvent.Group"/>.</summary>
    GroupInvited,

    /// <summary>To the members and the one removed: <see cref="ChatEvent.User"/> was removed by <see cref="ChatEvent.Text"/>, the owner.</summary>
    GroupRemoved,

    /// <summary>
    /// To every gateway: <see cref="ChatEvent.User"/> is muted until <see cref="ChatEvent.UntilUnixMs"/> (0: no
    /// longer), by <see cref="ChatEvent.Text"/>, a moderator. Gateways refuse a muted user's messages.
    /// </summary>
    UserMuted,

    /// <summary>To the other members: <see cref="ChatEvent.User"/> (the owner or a moderator) made <see cref="ChatEvent.Group"/> invite-only.</summary>
    GroupClosed,

    /// <summary>To the other members: <see cref="ChatEvent.User"/> (the owner or a moderator) opened <see cref="ChatEvent.Group"/> to everyone again.</summary>
    GroupOpened,

    /// <summary>Not a line for others: ends the login <see cref="ChatEvent.Token"/> of <see cref="ChatEvent.User"/>, saying <see cref="ChatEvent.Text"/>.</summary>
    SessionEnded,
}

/// <summary>
/// One thing that happened, as it travels between services over Redis. Gateways render it to the seed's
/// text (<see cref="ChatText.Render"/>) only when they write it to a client.
/// </summary>
public sealed record ChatEvent
{
    public required ChatEventKind Kind { get; init; }

    /// <summary>The user who sent the message or whom the notice is about.</summary>
    public required string User { get; init; }

    public string? Group { get; init; }

    public string? Text { get; init; }

    /// <summary>Who should get it; null means every user on the receiving gateway.</summary>
    public string[]? To { get; init; }

    /// <summary>A user who must not get it even when <see cref="To"/> is null (the sender of a broadcast).</summary>
    public string? Except { get; init; }

    /// <summary>
    /// A login (its session token) that must not get it: the one a notice is about. A /login's notices (the
    /// old name gone offline, the account online) reach its gateway before or after the session there takes
    /// the account's name, so <see cref="Except"/>, a name, cannot tell which name the session has then.
    /// </summary>
    public string? ExceptLogin { get; init; }

    /// <summary>A moderator's badge (e.g. "teacher") on their messages, shown before their name.</summary>
    public string? Badge { get; init; }

    /// <summary>For <see cref="ChatEventKind.UserMuted"/>: until when, Unix ms; 0 when the mute is lifted.</summary>
    public long UntilUnixMs { get; init; }

    /// <summary>For <see cref="ChatEventKind.SessionEnded"/>: the login to end (a newer login of the same account replaced it).</summary>
    public string? Token { get; init; }

    /// <summary>When the origin gateway read the frame, Unix milliseconds; for end-to-end latency.</summary>
    public long SentAtUnixMs { get; init; }

    /// <summary>W3C trace context of the publishing span, so each receiving gateway continues one trace.</summary>
    public string? TraceParent { get; init; }

    public bool IsFor(string user) =>
        To is null ? !string.Equals(user, Except, StringComparison.Ordinal) : Array.IndexOf(To, user) >= 0;

    /// <summary>Whether the login <paramref name="token"/> of <paramref name="user"/> gets it.</summary>
    public bool IsFor(string user, string? token) => IsFor(user) && IsForLogin(token);

    /// <summary>Whether the login <paramref name="token"/> is not the one left out (a notice about that login itself).</summary>
    public bool IsForLogin(string? token) => ExceptLogin is null || !string.Equals(token, ExceptLogin, StringComparison.Ordinal);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChatEvent))]
public sealed partial class ChatEventJsonContext : JsonSerializerContext;
