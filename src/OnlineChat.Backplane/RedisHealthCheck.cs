using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// Healthy while Redis serves this deployment's keys: a read of one of them, which on a Redis Cluster goes
/// to the master holding the chat's slot. It replaces the Redis client library's own check, which on a
/// cluster sends CLUSTER INFO (an admin command the services have no need to be allowed) and calls the
/// whole cluster unhealthy when a master that holds none of the chat's keys is down.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis, ChatKeys keys) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().KeyExistsAsync(keys.Deployment).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer for this deployment's keys.", ex);
        }
    }
}
