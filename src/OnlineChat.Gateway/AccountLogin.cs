using OnlineChat.Backplane;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// /login on this gateway: presence checks the password and moves the login to the account's name, and the
/// session takes it up here: what the account missed (<see cref="AccountCatchUp"/>), then the account's name,
/// ending an older login of it on this gateway. A login whose outcome is in doubt ends the connection.
/// </summary>
public sealed class AccountLogin(
    RelayListener relay,
    PresenceClient presence,
    SessionRegistry registry,
    MuteTable mutes,
    GatewayIdentity identity,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<AccountLogin> logger)
{
    /// <summary>
    /// /login: presence checks the password and moves the login to the account's name; here the session takes
    /// the new name, and a login of the same account on this gateway ends at once (presence tells any other
    /// gateway to end theirs).
    /// </summary>
    public async Task<bool> LogInAsync(ChatSession session, LogIn login)
    {
        if (session.IsAccount && string.Equals(session.User, login.Name, StringComparison.OrdinalIgnoreCase))
        {
            session.TrySendText(ChatText.AlreadyLoggedIn(session.User!));
            return true;
        }

        // Until the session has the account's name, this gateway's lease renewal allows for it (SessionRegistry.LoginsUnderway).
        using var underway = registry.BeginLogin();
        (LoginResponse? Login, string? Refusal) answer;
        try
        {
            answer = await presence.LogInAsync(login.Name, login.Password, session.Token!, session.User!, session.RemoteAddress ?? "unknown", session.WantsLogIds);
        }
        catch (Exception ex) when (BackendFailure.Is(ex) && !PresenceHttp.SurelyNotCarriedOut(ex))
        {
            return EndUnconfirmedLogin(session, login, ex);
        }

        if (answer.Login is not { } account)
        {
            session.TrySendText(ChatText.Error(answer.Refusal!));
            return true;
        }

        try
        {
            await TakeUpLoginAsync(session, account);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // Presence has moved the login to the account, but this session could not take it up.
            return EndUnconfirmedLogin(session, login, ex);
        }

        return true;
    }

    /// <summary>
    /// A /login that presence may have carried out (its answer lost) or did carry out (and then the catch-up
    /// failed): the directory may list the account for this connection while the session still has the guest's
    /// name, which the directory has freed for anyone. The connection is closed; the lease loop ends the
    /// account's login as a ghost (GhostLogins), and the user connects again and logs in.
    /// </summary>
    private bool EndUnconfirmedLogin(ChatSession session, LogIn login, Exception ex)
    {
        metrics.MessageRefused(GatewayTelemetry.KindOf(login), GatewayMetrics.BackendDown);
        GatewayLog.BackendUnavailable(logger, "login", ex);
        session.LoginInDoubt = true;
        session.TrySendText(ChatText.Error(ChatText.LoginUnconfirmed));
        return false;
    }

    /// <summary>The session becomes the account presence gave it: what it missed, then its name here.</summary>
    private async Task TakeUpLoginAsync(ChatSession session, LoginResponse account)
    {
        var name = account.Name;
        var oldName = session.User!;
        session.TrySendText(ChatText.LoggedIn(name));
        ChatCommandHandler.TellIfMuted(session, name, mutes, time.GetUtcNow());
        // From the log: what the account missed since its last login, then what came for it during this one (AccountCatchUp).
        LogId? seen = LogId.TryParse(account.Seen, out var lastSeen) ? lastSeen : null;
        var at = LogId.TryParse(account.At, out var loginAt) ? loginAt : relay.Position;
        var groups = seen is null ? [] : (await presence.GroupsOfAsync(name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        groups.ExceptWith(account.JoinedGroups ?? []); // the guest's groups, come along: their messages were seen live
        var catchUp = new AccountCatchUp(name, oldName, session.Token, seen, at, session.HeardSince, groups, session.WantsLogIds);
        await relay.AttachAsync(session, catchUp.From, catchUp.Line, attached =>
        {
            if (attached.Gap)
            {
                session.TrySendText(ChatText.HistoryGap);
            }

            if (catchUp.Missed + catchUp.Notices > 0)
            {
                session.TrySendText(ChatText.MissedSummary(catchUp.Missed, catchUp.Notices));
            }

            if (account.ResumeSecret is { } secret)
            {
                session.TrySendText(ChatText.SessionLine(name, secret, attached.Position));
            }

            if (!string.Equals(name, session.User, StringComparison.Ordinal))
            {
                if (registry.TryGet(name, out var older) && older != session)
                {
                    registry.Remove(older);
                    older.LeftOnPurpose = true;
                    older.TrySendText(ChatText.LoggedInElsewhere);
                    older.Close();
                }

                registry.Rename(session, name);
            }
        });

        session.IsAccount = true;
        session.HeardSince = at;
        session.Badge = account.Badge;
        session.ResumeSecret = account.ResumeSecret ?? session.ResumeSecret;
        GatewayLog.LoggedInToAccount(logger, name, identity.Id, session.ConnectionId);
    }
}
