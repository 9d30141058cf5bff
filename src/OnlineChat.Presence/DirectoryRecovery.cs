using Microsoft.Extensions.Options;
using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// Keeps new claims waiting after Redis lost the directory (restarted empty), until the users who stayed
/// connected have their names back: otherwise anyone could take the name of a user whose gateway had not
/// yet put them back. Each gateway notices the loss on its next lease renewal (every 1.5 s) and reclaims
/// its users at once, so the window (<see cref="PresenceOptions.RecoveryWindow"/>, 4 s) covers two renewals.
/// The directory is marked whole again (the "ready" key) when it ends; with Redis's append-only file the
/// mark survives a restart and nothing waits. Unhealthy while recovering, since logins are refused.
/// </summary>
public sealed class DirectoryRecovery(ChatDirectory directory, IOptions<PresenceOptions> options, TimeProvider time, ILogger<DirectoryRecovery> logger)
    : PeriodicCheck(TimeSpan.FromSeconds(0.5), time)
{
    private DateTimeOffset? _recoveringSince;

    protected override async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (await directory.IsReadyAsync())
        {
            _recoveringSince = null;
            return null;
        }

        var now = Time.GetUtcNow();
        if (_recoveringSince is null)
        {
            _recoveringSince = now;
            PresenceLog.DirectoryRecovering(logger, options.Value.RecoveryWindow.TotalSeconds);
        }

        var left = options.Value.RecoveryWindow - (now - _recoveringSince.Value);
        if (left <= TimeSpan.Zero)
        {
            await directory.MarkReadyAsync();
            _recoveringSince = null;
            PresenceLog.DirectoryRecovered(logger);
            return null;
        }

        return $"Recovering the directory: new logins wait {left.TotalSeconds:0.0} s more while gateways put their connected users back.";
    }

    protected override string Unreachable(Exception exception) => $"Redis is unreachable: {exception.Message}";
}
