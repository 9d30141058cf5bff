using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Logins whose clients opted in to resuming (docs/protocol.md, "Resuming"): when the connection drops or
/// its gateway dies, the login is suspended for <see cref="PresenceOptions.ResumeWindow"/> instead of
/// ended, so the client can come back on any gateway with its name and groups, and nobody sees it leave.
/// Messages for it meanwhile are in the log; its new gateway sends them on. A window that passes ends the
/// login as a logout would.
/// </summary>
public sealed class ResumableSessions(
    ChatDirectory directory,
    ChatBus bus,
    UserReleaser releaser,
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<ResumableSessions> logger)
{
    /// <summary>Returns the secret the client resumes with, or null when the token no longer holds the name.</summary>
    public async Task<string?> MakeResumableAsync(string name, string token)
    {
        var secret = ResumeSecret.Create();
        return await directory.MakeResumableAsync(name, token, secret) ? secret : null;
    }

    public async Task SuspendAsync(string name, string token, LogId? seen)
    {
        if (await directory.SuspendAsync(name, token, time.GetUtcNow() + options.Value.ResumeWindow, seen))
        {
            PresenceLog.SessionSuspended(logger, name, token);
        }
    }

    /// <summary>The login's name as spelled, or null when there is none to resume (see <see cref="ResumeStatus"/>).</summary>
    public async Task<ResumeResult> ResumeAsync(string name, string secret, string token)
    {
        var resumed = await directory.ResumeAsync(name, secret, token);
        if (resumed.Status != ResumeStatus.Ok)
        {
            return resumed;
        }

        if (resumed.ReplacedToken is { } replaced && replaced != token)
        {
            // The old connection may still be open (its gateway has not noticed the network go): it ends there,
            // quietly, without logging the user out.
            await bus.PublishControlAsync(new ChatEvent
            {
                Kind = ChatEventKind.SessionEnded, User = resumed.Name!, Token = replaced, Text = ChatText.ResumedElsewhere,
            });
        }

        PresenceLog.SessionResumed(logger, resumed.Name!, token);
        return resumed;
    }

    /// <summary>Ends the logins whose resume window has passed, as a logout would (offline notice, a guest leaves its groups).</summary>
    public async Task ExpireAsync()
    {
        foreach (var (user, token) in await directory.ExpiredSuspensionsAsync(time.GetUtcNow()))
        {
            await releaser.ReleaseAsync(user, token);
        }
    }
}
