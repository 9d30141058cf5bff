using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Keeps this gateway's lease in the directory alive. If the gateway stops renewing (killed, hung, cut off)
/// the presence service logs its users out. If the lease was lost anyway, the users here are no longer in
/// the directory, so they are told to reconnect rather than left chatting into a void.
/// </summary>
public sealed class GatewayLease(
    ChatDirectory directory,
    GatewayIdentity identity,
    SessionRegistry registry,
    LogoutQueue logouts,
    PresenceClient presence,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayLease> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;

    public bool IsHeld { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Take the lease before Kestrel accepts clients: the directory refuses logins from a gateway without one.
        await TryRenewAsync(firstTime: true);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseRenewInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRenewAsync(firstTime: false);
            await RetryLogoutsAsync();
        }
    }

    private async Task TryRenewAsync(bool firstTime)
    {
        try
        {
            var held = await directory.RenewLeaseAsync(identity.Id, time.GetUtcNow() + _options.LeaseDuration);
            if (!held && !firstTime && IsHeld)
            {
                GatewayLog.LeaseLost(logger, identity.Id, registry.Count);
                var notice = FrameWriter.Encode(ChatText.SessionEnded);
                foreach (var session in registry.All)
                {
                    session.TrySend(notice);
                    session.Close();
                }
            }

            IsHeld = true;
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            IsHeld = false;
            GatewayLog.BackendUnavailable(logger, "lease", ex);
        }
    }

    private async Task RetryLogoutsAsync()
    {
        for (var i = logouts.Count; i > 0 && logouts.TryDequeue(out var logout); i--)
        {
            try
            {
                await presence.ReleaseAsync(logout.User, logout.Token, CancellationToken.None);
            }
            catch (Exception ex) when (BackendFailure.Is(ex))
            {
                logouts.Enqueue(logout.User, logout.Token);
                return;
            }
        }
    }
}
