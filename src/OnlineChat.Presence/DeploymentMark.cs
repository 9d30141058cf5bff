using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// Keeps this deployment's mark on its Redis (see <see cref="DeploymentIdentity"/>), renewed every second
/// and valid for ten, and reports Unhealthy while Redis is unreachable or marked by another live deployment.
/// The mark expires by itself, so a deployment that stopped hands its Redis over within ten seconds.
/// </summary>
public sealed class DeploymentMark(ChatDirectory directory, DeploymentIdentity deployment, ILogger<DeploymentMark> logger)
    : BackgroundService, IHealthCheck
{
    public static readonly TimeSpan Validity = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(1);

    private volatile string? _problem = "Redis not checked yet.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!deployment.IsSet)
        {
            _problem = null;
            return;
        }

        using var timer = new PeriodicTimer(s_renewEvery);
        do
        {
            try
            {
                var holder = await directory.MarkDeploymentAsync(deployment.Id, Validity);
                var problem = deployment.Mismatch("Redis", holder);
                if (problem is not null && problem != _problem)
                {
                    PresenceLog.RedisOfAnotherDeployment(logger, problem);
                }

                _problem = problem;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _problem = $"Redis is unreachable: {ex.Message}";
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}
