using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Keeps this gateway's lease in the directory alive. If the gateway stops renewing (killed, hung, cut off)
/// the presence service logs its users out. Each renewal also checks that the directory still has this
/// gateway's users; when it lost them (Redis restarted empty, or the lease expired while Redis was out of
/// reach) they are registered again, so nobody has to reconnect.
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
    // One script call per batch keeps Redis responsive for everyone else while thousands are put back.
    private const int ReclaimBatch = 500;

    private readonly GatewayOptions _options = options.Value;

    public bool IsHeld { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Take the lease before Kestrel accepts clients: the directory refuses logins from a gateway without one.
        await TryRenewAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Clients have been logged out by now; anything left (a release presence could not take) is
            // cleaned up by the presence service's sweep as soon as the lease is seen expired.
            await directory.ExpireLeaseAsync(identity.Id);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "lease release", ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseRenewInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRenewAsync();
            await RetryLogoutsAsync();
        }
    }

    private async Task TryRenewAsync()
    {
        try
        {
            var (held, directoryUsers) = await directory.RenewLeaseAsync(identity.Id, time.GetUtcNow() + _options.LeaseDuration);
            IsHeld = true;
            // A count that differs while users log in or out costs one idempotent reclaim; a real loss is repaired.
            if (!held || directoryUsers != registry.Count)
            {
                await ReclaimAsync(wasHeld: held);
            }
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            IsHeld = false;
            GatewayLog.BackendUnavailable(logger, "lease", ex);
        }
    }

    private async Task ReclaimAsync(bool wasHeld)
    {
        var sessions = registry.All.Where(s => s.Token is not null).ToList();
        var added = 0;
        foreach (var batch in sessions.Chunk(ReclaimBatch))
        {
            var result = await directory.ReclaimAsync(identity.Id, [.. batch.Select(s => (s.User!, s.Token!))]);
            var back = result.Added.ToHashSet(StringComparer.Ordinal);
            var lost = result.Lost.ToHashSet(StringComparer.Ordinal);
            added += back.Count;
            foreach (var session in batch)
            {
                if (lost.Contains(session.User!))
                {
                    // Someone else took the name while this gateway's users were missing: two people must not share it.
                    session.TrySendText(ChatText.NameLost(session.User!));
                    session.Close();
                }
                else if (!registry.TryGet(session.User!, out var current) || current != session)
                {
                    // Logged out while we were putting it back: undo, or the name would stay held by a closed session.
                    await directory.ReleaseAsync(session.User!, session.Token!);
                }
                else if (back.Contains(session.User!))
                {
                    session.TrySendText(ChatText.Reregistered);
                }
            }
        }

        if (added > 0 || !wasHeld)
        {
            GatewayLog.UsersReclaimed(logger, identity.Id, added, sessions.Count);
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
