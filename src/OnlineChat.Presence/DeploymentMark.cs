using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// Keeps this deployment's mark on its Redis (see <see cref="DeploymentIdentity"/>), renewed every second
/// and valid for ten, and reports Unhealthy while Redis is unreachable or marked by another live deployment.
/// The mark expires by itself, so a deployment that stopped hands its Redis over within ten seconds.
/// </summary>
public sealed class DeploymentMark(ChatDirectory directory, DeploymentIdentity deployment, TimeProvider time, ILogger<DeploymentMark> logger)
    : PeriodicCheck(TimeSpan.FromSeconds(1), time)
{
    public static readonly TimeSpan Validity = TimeSpan.FromSeconds(10);

    protected override async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (!deployment.IsSet)
        {
            return null;
        }

        var problem = deployment.Mismatch("Redis", await directory.MarkDeploymentAsync(deployment.Id, Validity));
        if (problem is not null && problem != Problem)
        {
            PresenceLog.RedisOfAnotherDeployment(logger, problem);
        }

        return problem;
    }

    protected override string Unreachable(Exception exception) => $"Redis is unreachable: {exception.Message}";
}
