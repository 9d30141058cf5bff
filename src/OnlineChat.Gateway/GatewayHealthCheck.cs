using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Gateway;

/// <summary>
/// Healthy while the gateway holds its directory lease (which needs Redis): without it, logins are refused.
/// Degraded while draining: it works for nobody new, on purpose.
/// </summary>
public sealed class GatewayHealthCheck(GatewayLease lease, SessionRegistry registry, ConnectionAdmission admission) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !lease.IsHeld ? HealthCheckResult.Unhealthy("No directory lease: Redis is unreachable.")
            : admission.IsDraining ? HealthCheckResult.Degraded($"Draining: new clients refused; {registry.Count} users still connected.")
            : HealthCheckResult.Healthy($"{registry.Count} users connected."));
}
