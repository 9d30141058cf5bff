using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Gateway;

/// <summary>
/// Healthy while the gateway can log users in: it holds its directory lease (which needs Redis), and its
/// Redis and presence service are reachable and belong to its own deployment, whose pub/sub it shares.
/// Degraded while draining: it works for nobody new, on purpose.
/// </summary>
public sealed class GatewayHealthCheck(GatewayLease lease, PresenceProbe presence, SessionRegistry registry, ConnectionAdmission admission) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !lease.IsHeld ? HealthCheckResult.Unhealthy("No directory lease: Redis is unreachable.")
            : lease.RedisProblem is { } redis ? HealthCheckResult.Unhealthy(redis)
            : presence.Problem is { } problem ? HealthCheckResult.Unhealthy(problem)
            : admission.IsDraining ? HealthCheckResult.Degraded($"Draining: new clients refused; {registry.Count} users still connected.")
            : HealthCheckResult.Healthy($"{registry.Count} users connected."));
}
