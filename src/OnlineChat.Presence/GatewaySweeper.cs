using Microsoft.Extensions.Options;
using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// Finds gateways whose lease ran out (killed, crashed, cut off) and logs their users out, so that within
/// a lease plus one sweep interval everybody else sees them go offline and their names are free again.
/// </summary>
public sealed class GatewaySweeper(
    ChatDirectory directory,
    UserReleaser releaser,
    PresenceMetrics metrics,
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<GatewaySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis away or a script failed: the next tick tries again; nothing is lost by waiting.
                PresenceLog.SweepFailed(logger, ex);
            }
        }
    }

    public async Task SweepOnceAsync()
    {
        var now = time.GetUtcNow();
        foreach (var gatewayId in await directory.ExpiredGatewaysAsync(now))
        {
            if (!await directory.TakeExpiredLeaseAsync(gatewayId, now))
            {
                continue;
            }

            var users = await directory.UsersOfGatewayAsync(gatewayId);
            foreach (var (user, token) in users)
            {
                await releaser.ReleaseAsync(user, token);
            }

            metrics.GatewayExpired();
            PresenceLog.GatewayExpired(logger, gatewayId, users.Count);
        }
    }
}
