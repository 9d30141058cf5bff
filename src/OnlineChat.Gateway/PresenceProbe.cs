using OnlineChat.Backplane;

namespace OnlineChat.Gateway;

/// <summary>
/// Asks the presence service every two seconds which deployment it belongs to, so the health check can tell
/// an unreachable presence, or another deployment's, from a working one. Logins would fail either way.
/// </summary>
public sealed class PresenceProbe(PresenceClient presence, DeploymentIdentity deployment, TimeProvider time)
    : PeriodicCheck(TimeSpan.FromSeconds(2), time)
{
    protected override async Task<string?> CheckAsync(CancellationToken cancellationToken) =>
        deployment.Mismatch("The presence service", await presence.DeploymentAsync(cancellationToken));

    protected override string Unreachable(Exception exception) => $"The presence service is unreachable: {exception.Message}";
}
