using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Finds gateways whose lease ran out (killed, crashed, cut off) and logs their users out, so that within
/// a lease plus one sweep interval everybody else sees them go offline and their names are free again.
/// A resumable login is suspended instead, for its client to resume elsewhere; and each sweep ends the
/// suspended logins whose resume window has passed.
/// </summary>
public sealed class GatewaySweeper(
    ChatDirectory directory,
    UserReleaser releaser,
    ResumableSessions resumable,
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

    /// <summary>
    /// How far back from the sweep a dead gateway's users may have stopped getting messages: its lease (6 s)
    /// and a sweep, with a margin. An account's next login gets what was logged since then (maybe a few lines
    /// it had seen, never a gap).
    /// </summary>
    private static readonly TimeSpan DeadGatewayLookback = TimeSpan.FromSeconds(10);

    public async Task SweepOnceAsync()
    {
        var now = time.GetUtcNow();
        await resumable.ExpireAsync();
        var seen = LogId.At(now - DeadGatewayLookback);
        foreach (var gatewayId in await directory.ExpiredGatewaysAsync(now))
        {
            if (!await directory.TakeExpiredLeaseAsync(gatewayId, now))
            {
                continue;
            }

            var users = await directory.UsersOfGatewayAsync(gatewayId);
            foreach (var (user, token) in users)
            {
                if (await directory.IsResumableAsync(user))
                {
                    await resumable.SuspendAsync(user, token, seen);
                }
                else
                {
                    await releaser.ReleaseAsync(user, token, seen);
                }
            }

            metrics.GatewayExpired();
            PresenceLog.GatewayExpired(logger, gatewayId, users.Count);
        }
    }
}
