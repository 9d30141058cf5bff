using OnlineChat.Backplane;

namespace OnlineChat.Gateway;

/// <summary>
/// Asks the presence service every two seconds which deployment it belongs to, so the health check can tell
/// an unreachable presence, or another deployment's, from a working one: logins would fail either way. And
/// which pub/sub it publishes with: a service on classic pub/sub never hears what one on sharded pub/sub
/// publishes (Backplane:PubSub), so a deployment whose services disagree loses messages in silence.
/// </summary>
public sealed class PresenceProbe(PresenceClient presence, DeploymentIdentity deployment, ChatKeys keys, TimeProvider time)
    : PeriodicCheck(TimeSpan.FromSeconds(2), time)
{
    protected override async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var answer = await presence.DeploymentAsync(cancellationToken);
        return deployment.Mismatch("The presence service", answer.Id)
            ?? (answer.PubSub is { } theirs && theirs != keys.PubSub
                ? $"The presence service uses {theirs} pub/sub and this gateway {keys.PubSub} (Backplane:PubSub): messages between them would be lost. Give every service the same."
                : null);
    }

    protected override string Unreachable(Exception exception) => $"The presence service is unreachable: {exception.Message}";
}
