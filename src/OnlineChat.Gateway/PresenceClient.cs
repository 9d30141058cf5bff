using System.Net;
using System.Net.Http.Json;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// The directory's owner, over HTTP: every change to users, groups and accounts goes through the presence
/// service (PresenceContracts).
/// </summary>
public sealed class PresenceClient(HttpClient http)
{
    /// <summary>The final name (and whether the name asked for is an account's), or the presence service's reason for refusing.</summary>
    /// <param name="resumable">The client opted in to resuming: the response carries the secret that resumes the login.</param>
    public async Task<ClaimOutcome> ClaimAsync(string name, string token, bool resumable, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions", new ClaimRequest(name, token, resumable), cancellationToken);
        if (await RefusalAsync(response, cancellationToken) is { } refusal)
        {
            return new ClaimOutcome(null, false, null, refusal);
        }

        var claim = (await response.Content.ReadFromJsonAsync<ClaimResponse>(cancellationToken))!;
        return new ClaimOutcome(claim.Name, claim.RequestedIsRegistered, claim.ResumeSecret, null, LogId.TryParse(claim.At, out var at) ? at : null);
    }

    /// <param name="seen">The last log id this login was given (an account's next login gets what came after).</param>
    public async Task ReleaseAsync(string name, string token, CancellationToken cancellationToken, LogId? seen = null)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions/release", new ReleaseRequest(name, token, seen?.ToString()), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The connection of a resumable login dropped: presence keeps it for the resume window.</summary>
    /// <summary>A login ended: kept for its resume window (a client that resumes and did not leave on purpose), or released.</summary>
    public Task EndLoginAsync(PendingLogout logout, CancellationToken cancellationToken) => logout.Suspend
        ? SuspendAsync(logout.User, logout.Token, logout.Seen, cancellationToken)
        : ReleaseAsync(logout.User, logout.Token, cancellationToken, logout.Seen);

    public async Task SuspendAsync(string name, string token, LogId seen, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions/suspend", new SuspendRequest(name, token, seen.ToString()), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Moves a resumable login to <paramref name="token"/>: the login (name as spelled, account, badge), or null when there is none to resume.</summary>
    public async Task<ResumeResponse?> ResumeAsync(string name, string secret, string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions/resume", new ResumeRequest(name, secret, token), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ResumeResponse>(cancellationToken);
    }

    /// <summary>Puts this gateway's users back after the directory lost them; returns who is back and whose name was taken meanwhile.</summary>
    public async Task<(IReadOnlyList<string> Added, IReadOnlyList<string> Lost)> ReclaimAsync(
        string gatewayId, IEnumerable<(string User, string Token)> sessions, CancellationToken cancellationToken)
    {
        var request = new ReclaimRequest(gatewayId, [.. sessions.Select(s => new ReleaseRequest(s.User, s.Token))]);
        using var response = await http.PostAsJsonAsync("/v1/sessions/reclaim", request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<ReclaimResponse>(cancellationToken);
        return (result!.Added, result.Lost);
    }

    /// <summary>The first <paramref name="max"/> online names (by name) containing <paramref name="containing"/> (null: all), and how many did.</summary>
    public async Task<Listing<string>> OnlineUsersAsync(string? containing, int max, CancellationToken cancellationToken)
    {
        var online = await http.GetFromJsonAsync<OnlineListingResponse>($"/v1/users?max={max}{Containing(containing)}", cancellationToken);
        return new Listing<string>(online?.Names ?? [], online?.Total ?? 0, containing);
    }

    public Task<GroupOutcome> CreateGroupAsync(string group, string user, string token) => GroupAsync("/v1/groups", group, user, token);

    public Task<GroupOutcome> JoinGroupAsync(string group, string user, string token) => GroupAsync("/v1/groups/join", group, user, token);

    public Task<GroupOutcome> LeaveGroupAsync(string group, string user, string token) => GroupAsync("/v1/groups/leave", group, user, token);

    public async Task<IReadOnlyList<string>> GroupsOfAsync(string user) =>
        await http.GetFromJsonAsync<string[]>($"/v1/users/{Uri.EscapeDataString(user)}/groups") ?? [];

    /// <summary>
    /// The first <paramref name="max"/> groups (by name) <paramref name="user"/> may see (open ones, and invite-only
    /// ones they are in) whose name contains <paramref name="containing"/> (null: all), and how many did.
    /// </summary>
    public async Task<Listing<GroupSummary>> AllGroupsAsync(string user, string? containing, int max)
    {
        var all = await http.GetFromJsonAsync<GroupListingResponse>($"/v1/groups?user={Uri.EscapeDataString(user)}&max={max}{Containing(containing)}");
        return new Listing<GroupSummary>([.. (all?.Groups ?? []).Select(g => new GroupSummary(g.Group, g.Owner, g.Members, g.InviteOnly))], all?.Total ?? 0, containing);
    }

    private static string Containing(string? text) => text is null ? "" : $"&containing={Uri.EscapeDataString(text)}";

    /// <summary>A group's owner and members; null when there is no such group that <paramref name="user"/> may see.</summary>
    public async Task<GroupRoster?> MembersAsync(string group, string user)
    {
        using var response = await http.GetAsync($"/v1/groups/{Uri.EscapeDataString(group)}/members?user={Uri.EscapeDataString(user)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var roster = (await response.Content.ReadFromJsonAsync<GroupRosterResponse>())!;
        return new GroupRoster(roster.Group, roster.Owner, roster.Members);
    }

    public Task<GroupAction> SetGroupModeAsync(string group, string user, string token, bool inviteOnly) =>
        ActionAsync("/v1/groups/mode", new GroupModeRequest(group, user, token, inviteOnly));

    public Task<GroupAction> InviteAsync(string group, string user, string token, string invitee) =>
        ActionAsync("/v1/groups/invite", new GroupMemberRequest(group, user, token, invitee));

    public Task<GroupAction> KickAsync(string group, string user, string token, string member) =>
        ActionAsync("/v1/groups/kick", new GroupMemberRequest(group, user, token, member));

    private async Task<GroupAction> ActionAsync<TRequest>(string path, TRequest request)
    {
        using var response = await http.PostAsJsonAsync(path, request);
        response.EnsureSuccessStatusCode();
        var action = (await response.Content.ReadFromJsonAsync<GroupActionResponse>())!;
        return new GroupAction(Enum.Parse<GroupOutcome>(action.Outcome), action.Group, action.Target);
    }

    /// <summary>
    /// Makes the name the login holds an account: its moderator's badge, if any, or why not (the line to show). <paramref name="address"/> is the client's.
    /// </summary>
    public async Task<(string? Badge, string? Refusal)> RegisterAsync(string name, string token, string password, string address)
    {
        using var response = await http.PostAsJsonAsync("/v1/accounts", new RegisterRequest(name, token, password, address));
        if (await RefusalAsync(response, CancellationToken.None) is { } refusal)
        {
            return (null, ChatText.Refusal(refusal));
        }

        return ((await response.Content.ReadFromJsonAsync<RegisterResponse>())!.Badge, null);
    }

    /// <summary>Sets the password of <paramref name="account"/> (the user's own, or any for a moderator): its name as registered, or why not (the line to show).</summary>
    public async Task<(string? Account, string? Refusal)> SetPasswordAsync(string user, string token, string account, string password)
    {
        using var response = await http.PostAsJsonAsync("/v1/accounts/password", new PasswordRequest(user, token, account, password));
        if (await RefusalAsync(response, CancellationToken.None) is { } refusal)
        {
            return (null, ChatText.Refusal(refusal));
        }

        return ((await response.Content.ReadFromJsonAsync<PasswordResponse>())!.Account, null);
    }

    /// <summary>The account's name (and a moderator's badge, where its last login ended, a resumable login's new secret) once logged in, or why not (wrong password, slowed down).</summary>
    public async Task<(LoginResponse? Login, string? Refusal)> LogInAsync(string name, string password, string token, string currentName, string address, bool resumable)
    {
        using var response = await http.PostAsJsonAsync("/v1/logins", new LoginRequest(name, password, token, currentName, address, resumable));
        if (await RefusalAsync(response, CancellationToken.None) is { } refusal)
        {
            return (null, refusal);
        }

        return ((await response.Content.ReadFromJsonAsync<LoginResponse>())!, null);
    }

    /// <summary>
    /// A moderator mutes <paramref name="target"/> until a time (null: lifts it). What presence did (the target as
    /// spelled, whether there was a mute, whether anyone has the name), or null for a user who is no moderator.
    /// </summary>
    public async Task<MuteEntry?> MuteAsync(string user, string token, string target, DateTimeOffset? until)
    {
        using var response = await http.PostAsJsonAsync("/v1/mutes", new MuteRequest(user, token, target, until?.ToUnixTimeMilliseconds() ?? 0));
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MuteEntry>())!;
    }

    /// <summary>Whether <paramref name="user"/> is a moderator's account: the one kind of recipient a muted user may still PM.</summary>
    public async Task<bool> IsModeratorAsync(string user, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<ModeratorCheck>($"/v1/moderators/{Uri.EscapeDataString(user)}", cancellationToken))!.IsModerator;

    public async Task<IReadOnlyList<(string User, DateTimeOffset Until)>> MutesAsync(CancellationToken cancellationToken) =>
        [.. (await http.GetFromJsonAsync<MuteEntry[]>("/v1/mutes", cancellationToken) ?? [])
            .Select(m => (m.Target, DateTimeOffset.FromUnixTimeMilliseconds(m.UntilUnixMs)))];

    /// <summary>The deployment the presence service belongs to (see DeploymentIdentity), and its pub/sub.</summary>
    public async Task<DeploymentResponse> DeploymentAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<DeploymentResponse>("/health/deployment", cancellationToken) ?? new DeploymentResponse("");

    private async Task<GroupOutcome> GroupAsync(string path, string group, string user, string token) =>
        (await ActionAsync(path, new GroupRequest(group, user, token))).Outcome;

    /// <summary>
    /// A refusal the user should read (400, 401, 409, 429, and 503 with a reason such as the directory being
    /// rebuilt); null on success. Anything else is a failure of the service and throws, to be told as "try again".
    /// </summary>
    private static async Task<string?> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Conflict
            or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            var error = await response.Content.ReadFromJsonAsync<PresenceError>(cancellationToken);
            return error?.Error ?? "The request was refused.";
        }

        response.EnsureSuccessStatusCode();
        return null;
    }
}

/// <summary>A claim's result: the final name, whether the name asked for is an account's, a resumable login's secret; or why not.</summary>
public sealed record ClaimOutcome(string? Name, bool RequestedIsRegistered, string? ResumeSecret, string? Refusal, LogId? At = null);
