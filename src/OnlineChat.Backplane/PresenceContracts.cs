namespace OnlineChat.Backplane;

// The presence service's HTTP contract, shared by the service (PresenceEndpoints) and its one client, the
// gateway's PresenceClient, so the two cannot drift apart.

/// <summary>POST /v1/sessions: claim <see cref="Name"/> (or name1, name2…) for the login <see cref="Token"/>.</summary>
/// <see cref="Resumable"/>: the client opted in to resuming this login after its connection drops.
public sealed record ClaimRequest(string Name, string Token, bool Resumable = false);

/// <summary>
/// The name granted; <see cref="RequestedIsRegistered"/> when the name asked for belongs to an account;
/// for a resumable login, the secret that resumes it; where the log ended as the name was granted (null when
/// empty): the gateway reads what came for the login from there, as it may come before the session is in place.
/// </summary>
public sealed record ClaimResponse(string Name, bool RequestedIsRegistered, string? ResumeSecret = null, string? At = null);

/// <summary>POST /v1/sessions/release: the login <see cref="Token"/> of <see cref="Name"/> has ended, having been given the log up to <see cref="Seen"/>.</summary>
public sealed record ReleaseRequest(string Name, string Token, string? Seen = null);

/// <summary>POST /v1/sessions/suspend: the connection of a resumable login dropped; keep it for the resume window.</summary>
public sealed record SuspendRequest(string Name, string Token, string? Seen = null);

/// <summary>POST /v1/sessions/resume: move the resumable login of <see cref="Name"/> to <see cref="Token"/>. 404 when there is none to resume.</summary>
public sealed record ResumeRequest(string Name, string Secret, string Token);

/// <summary>
/// The resumed login's name as spelled, whether it is an account's, a moderator's badge, and the token of the
/// connection it replaces: the log's notices about that connection's own /login are not for it.
/// </summary>
public sealed record ResumeResponse(string Name, bool IsAccount, string? Badge, string? ReplacedToken = null);

/// <summary>POST /v1/sessions/reclaim: a gateway's connected users, to put back after the directory lost them.</summary>
public sealed record ReclaimRequest(string GatewayId, ReleaseRequest[] Sessions);

public sealed record ReclaimResponse(string[] Added, string[] Lost);

/// <summary>POST /v1/groups, /v1/groups/join, /v1/groups/leave: <see cref="User"/>, logged in as <see cref="Token"/>, acts on a group.</summary>
public sealed record GroupRequest(string Group, string User, string Token);

public sealed record GroupSummaryResponse(string Group, string Owner, long Members, bool InviteOnly);

/// <summary>
/// GET /v1/users?containing=&amp;max=: the first <c>max</c> online names (by name) that contain the text, and how
/// many matched in all. Cut here, not at the gateway, so that a /lo among 20,000 users moves a page of names, not all of them.
/// </summary>
public sealed record OnlineListingResponse(string[] Names, int Total);

/// <summary>GET /v1/groups?user=&amp;containing=&amp;max=: as <see cref="OnlineListingResponse"/>, for the groups the user may see.</summary>
public sealed record GroupListingResponse(GroupSummaryResponse[] Groups, int Total);

/// <summary>GET /v1/groups/{group}/members?user=: the owner and members, or 404 when the user may not see the group.</summary>
public sealed record GroupRosterResponse(string Group, string Owner, string[] Members);

/// <summary>POST /v1/groups/mode: the owner makes the group invite-only (true) or open.</summary>
public sealed record GroupModeRequest(string Group, string User, string Token, bool InviteOnly);

/// <summary>POST /v1/groups/invite and /v1/groups/kick: the owner acts on <see cref="Target"/>.</summary>
public sealed record GroupMemberRequest(string Group, string User, string Token, string Target);

/// <summary>
/// The answer to every group request: the outcome's name (a <see cref="GroupOutcome"/>), and for /private,
/// /invite and /kick the group and the user as the directory spells them.
/// </summary>
public sealed record GroupActionResponse(string Outcome, string? Group = null, string? Target = null);

/// <summary>
/// POST /v1/accounts: make the name <see cref="Token"/> holds an account, counted against the client's
/// <see cref="Address"/> (Presence:RegistrationsPerAddressPerHour; a gateway that does not send one counts as "unknown").
/// </summary>
public sealed record RegisterRequest(string Name, string Token, string Password, string? Address = null);

/// <summary>A registration's answer: the moderator's badge when Presence:Moderators names the account (a login to it would bring the same).</summary>
public sealed record RegisterResponse(string? Badge);

/// <summary>POST /v1/accounts/password: <see cref="User"/> gives <see cref="Account"/> (their own, or any for a moderator) a new password.</summary>
public sealed record PasswordRequest(string User, string Token, string Account, string Password);

/// <summary>The account whose password was set, as registered.</summary>
public sealed record PasswordResponse(string Account);

/// <summary>The operator's reset (presence's POST /admin/accounts/{account}/password): the new password to hand on.</summary>
public sealed record PasswordResetResponse(string Account, string Password);

/// <summary>POST /v1/logins: the login <see cref="Token"/>, now <see cref="CurrentName"/>, from <see cref="Address"/>, asks to become <see cref="Name"/>.</summary>
/// <see cref="Resumable"/>: the client opted in to resuming its login.
public sealed record LoginRequest(string Name, string Password, string Token, string CurrentName, string Address, bool Resumable = false);

/// <summary>
/// The account's name, the badge its messages carry when the operator made it a moderator, the log id its
/// last login ended at and the log's last id at this login (it missed what came between; null when unknown),
/// and, for a resumable login, its new secret. <see cref="JoinedGroups"/>: the groups the account joined at
/// this login, in the guest's place (their messages so far the guest saw live: none is missed).
/// </summary>
public sealed record LoginResponse(string Name, string? Badge, string? Seen = null, string? At = null, string? ResumeSecret = null, IReadOnlyList<string>? JoinedGroups = null);

/// <summary>POST /v1/mutes: the moderator <see cref="User"/> mutes <see cref="Target"/> until a time (Unix ms; 0 lifts the mute).</summary>
public sealed record MuteRequest(string User, string Token, string Target, long UntilUnixMs);

/// <summary>GET /v1/moderators/{user}: whether the name is a moderator's account (Presence:Moderators names it and it is registered).</summary>
public sealed record ModeratorCheck(bool IsModerator);

/// <summary>
/// A mute in force (GET /v1/mutes), or the answer to POST /v1/mutes (Target as spelled online or registered;
/// for a lift, <see cref="WasMuted"/> false when there was no mute to lift; <see cref="Known"/> false when
/// nobody is online under that name and no account has it).
/// </summary>
public sealed record MuteEntry(string Target, long UntilUnixMs, bool WasMuted = true, bool Known = true);

/// <summary>
/// Why presence refused: a reason the gateway shows as "Error: reason", or, from the account endpoints
/// (register, password), the line the client reads, ending in a newline (ChatText.Refusal).
/// </summary>
public sealed record PresenceError(string Error);

/// <summary>
/// GET /health/deployment: the deployment this presence service belongs to ("" when unset) and the pub/sub it
/// publishes with (<see cref="ChatKeys.PubSub"/>; null from a presence older than the setting).
/// </summary>
public sealed record DeploymentResponse(string Id, string? PubSub = null);
