using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// The directory over HTTP. Presence is its only writer: gateways claim, release and reclaim names, change
/// groups and use accounts here, and ask who is online and which groups exist. (A gateway still routes PMs
/// and group messages by reading the directory in Redis itself: that is the hot path, and it writes nothing.)
/// </summary>
public static class PresenceEndpoints
{
    public static IEndpointRouteBuilder MapPresenceEndpoints(this IEndpointRouteBuilder app)
    {
        // Gateways compare this with their own Deployment:Id and Backplane:PubSub before they report Healthy.
        // Under /health so that, like every health probe, it is kept out of the traces.
        app.MapGet("/health/deployment", (DeploymentIdentity deployment, ChatKeys keys) => Results.Ok(new DeploymentResponse(deployment.Id, keys.PubSub)));
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/sessions", ClaimAsync);
        v1.MapPost("/sessions/release", ReleaseAsync);
        v1.MapPost("/sessions/reclaim", ReclaimAsync);
        v1.MapPost("/sessions/suspend", async (SuspendRequest request, ResumableSessions sessions) =>
        {
            await sessions.SuspendAsync(request.Name, request.Token, ParseSeen(request.Seen));
            return Results.NoContent();
        });
        v1.MapPost("/sessions/resume", async (ResumeRequest request, ResumableSessions sessions, ChatDirectory directory, ModeratorPolicy moderators) =>
            (await sessions.ResumeAsync(request.Name, request.Secret, request.Token)) switch
            {
                { Status: ResumeStatus.Ok, Name: { } name } resumed when await directory.FindAccountAsync(name) is not null =>
                    Results.Ok(new ResumeResponse(name, true, moderators.IsModerator(name) ? moderators.Badge : null, resumed.ReplacedToken)),
                { Status: ResumeStatus.Ok, Name: { } name } resumed => Results.Ok(new ResumeResponse(name, false, null, resumed.ReplacedToken)),
                { Status: ResumeStatus.NoLease } => Results.Conflict(new PresenceError("The gateway's lease has lapsed. Reconnect.")),
                _ => Results.NotFound(new PresenceError(ChatText.ResumeExpired.TrimEnd('\n'))),
            });
        v1.MapGet("/users", async (string? containing, int? max, ChatDirectory directory) =>
        {
            var online = Listing<string>.Of(await directory.OnlineUsersAsync(), name => name, containing, Math.Max(0, max ?? int.MaxValue));
            return Results.Ok(new OnlineListingResponse([.. online.Shown], online.Total));
        });
        v1.MapGet("/users/{user}/groups", async (string user, ChatDirectory directory) => Results.Ok(await directory.GroupsOfAsync(user)));
        v1.MapGet("/groups", async (string? user, string? containing, int? max, GroupService groups) =>
        {
            var all = Listing<GroupSummary>.Of(await groups.AllAsync(user ?? ""), g => g.Group, containing, Math.Max(0, max ?? int.MaxValue));
            return Results.Ok(new GroupListingResponse([.. all.Shown.Select(g => new GroupSummaryResponse(g.Group, g.Owner, g.Members, g.InviteOnly))], all.Total));
        });
        v1.MapGet("/groups/{group}/members", async (string group, string? user, GroupService groups) =>
            await groups.MembersAsync(group, user ?? "") is { } roster
                ? Results.Ok(new GroupRosterResponse(roster.Group, roster.Owner, [.. roster.Members]))
                : Results.NotFound());
        v1.MapPost("/groups/mode", async (GroupModeRequest request, GroupService groups) =>
            Action(await groups.SetModeAsync(request.Group, request.User, request.Token, request.InviteOnly)));
        v1.MapPost("/groups/invite", async (GroupMemberRequest request, GroupService groups) =>
            Action(await groups.InviteAsync(request.Group, request.User, request.Token, request.Target)));
        v1.MapPost("/groups/kick", async (GroupMemberRequest request, GroupService groups) =>
            Action(await groups.KickAsync(request.Group, request.User, request.Token, request.Target)));
        v1.MapPost("/groups", async (GroupRequest request, GroupService groups) => Group(await groups.CreateAsync(request.Group, request.User, request.Token)));
        v1.MapPost("/groups/join", async (GroupRequest request, GroupService groups) => Group(await groups.JoinAsync(request.Group, request.User, request.Token)));
        v1.MapPost("/groups/leave", async (GroupRequest request, GroupService groups) => Group(await groups.LeaveAsync(request.Group, request.User, request.Token)));
        v1.MapPost("/mutes", async (MuteRequest request, ModerationService moderation) =>
            await moderation.MuteAsync(request.User, request.Token, request.Target,
                request.UntilUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.UntilUnixMs) : null) is { } done
                ? Results.Ok(new MuteEntry(done.Target, request.UntilUnixMs, done.WasMuted, done.Known))
                : Results.Json(new PresenceError(ChatText.NotModerator.TrimEnd('\n')), statusCode: StatusCodes.Status403Forbidden));
        v1.MapGet("/mutes", async (ModerationService moderation) =>
            Results.Ok((await moderation.MutesAsync()).Select(m => new MuteEntry(m.User, m.Until.ToUnixTimeMilliseconds()))));
        // A muted user may still PM a moderator (to ask why): the gateway asks here whether the recipient is one.
        v1.MapGet("/moderators/{user}", async (string user, ModeratorPolicy moderators) =>
            Results.Ok(new ModeratorCheck(await moderators.IsModeratorAccountAsync(user))));
        v1.MapPost("/accounts", RegisterAsync);
        v1.MapPost("/accounts/password", async (PasswordRequest request, AccountService accounts) =>
        {
            var (account, error) = await accounts.SetPasswordAsync(request.User, request.Token, request.Account, request.Password);
            return account is not null ? Results.Ok(new PasswordResponse(account)) : Results.Conflict(new PresenceError(error!));
        });
        v1.MapPost("/logins", LogInAsync);
        return app;
    }

    private static async Task<IResult> ClaimAsync(ClaimRequest request, ChatDirectory directory, ChatBus bus, ResumableSessions resumable, PresenceMetrics metrics, ILoggerFactory loggers)
    {
        if (ChatNames.Validate(request.Name, ChatNames.Kind.User) is { } reason)
        {
            return Results.BadRequest(new PresenceError(reason));
        }

        var claim = await directory.ClaimAsync(request.Name, request.Token);
        switch (claim.Status)
        {
            case ClaimStatus.Recovering:
                return Results.Json(new PresenceError(ChatText.DirectoryRecovering), statusCode: StatusCodes.Status503ServiceUnavailable);
            case ClaimStatus.NoLease:
            case ClaimStatus.Full:
                return Results.Conflict(new PresenceError(
                    $"No free name near '{request.Name}', or the gateway's lease has lapsed. Try another name or reconnect."));
        }

        var secret = request.Resumable ? await resumable.MakeResumableAsync(claim.Name!, request.Token) : null;
        // The directory's owner says who came online, as it says who went offline (UserReleaser). Not to this
        // login, even under another name: after a /login to an account it resumes as the account, maybe from
        // a position before this notice (the token stays with the login; the name does not).
        await bus.PublishToAllAsync(Notices.Online(claim.Name!) with { ExceptLogin = request.Token });
        metrics.UserClaimed();
        PresenceLog.UserClaimed(loggers.CreateLogger(nameof(PresenceEndpoints)), claim.Name!, request.Token);
        return Results.Ok(new ClaimResponse(claim.Name!, claim.RequestedIsRegistered, secret, claim.At?.ToString()));
    }

    private static async Task<IResult> ReleaseAsync(ReleaseRequest request, UserReleaser releaser, ILoggerFactory loggers)
    {
        if (await releaser.ReleaseAsync(request.Name, request.Token, ParseSeen(request.Seen)))
        {
            PresenceLog.UserReleased(loggers.CreateLogger(nameof(PresenceEndpoints)), request.Name, request.Token);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> ReclaimAsync(ReclaimRequest request, ChatDirectory directory, ILoggerFactory loggers)
    {
        var (added, lost) = await directory.ReclaimAsync([.. request.Sessions.Select(s => (s.Name, s.Token))]);
        if (added.Count > 0 || lost.Count > 0)
        {
            PresenceLog.UsersReclaimed(loggers.CreateLogger(nameof(PresenceEndpoints)), request.GatewayId, added.Count, lost.Count);
        }

        return Results.Ok(new ReclaimResponse([.. added], [.. lost]));
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest request, AccountService accounts)
    {
        var (done, error, badge) = await accounts.RegisterAsync(request.Name, request.Token, request.Password, request.Address ?? "unknown");
        return done ? Results.Ok(new RegisterResponse(badge)) : Results.Conflict(new PresenceError(error!));
    }

    private static async Task<IResult> LogInAsync(LoginRequest request, AccountService accounts)
    {
        var outcome = await accounts.LogInAsync(request.Name, request.Password, request.Token, request.CurrentName, request.Address, request.Resumable);
        return outcome.Name is { } name ? Results.Ok(new LoginResponse(name, outcome.Badge, outcome.Seen?.ToString(), outcome.At?.ToString(), outcome.ResumeSecret, outcome.JoinedGroups))
            : Results.Json(new PresenceError(outcome.Error!), statusCode: outcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized);
    }

    private static LogId? ParseSeen(string? seen) => LogId.TryParse(seen, out var id) ? id : null;

    private static IResult Group(GroupOutcome outcome) => Results.Ok(new GroupActionResponse(outcome.ToString()));

    private static IResult Action(GroupAction action) => Results.Ok(new GroupActionResponse(action.Outcome.ToString(), action.Group, action.User));
}
