using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Gateway;

/// <summary>Healthy while the gateway holds its directory lease: without it, logins are refused.</summary>
public sealed class GatewayHealthCheck(GatewayLease lease, SessionRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.IsHeld
            ? HealthCheckResult.Healthy($"{registry.Count} users connected.")
            : HealthCheckResult.Unhealthy("No directory lease: Redis is unreachable or the lease was lost."));
}
