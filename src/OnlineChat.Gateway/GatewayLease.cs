using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Gateway;

/// <summary>
/// Keeps this gateway's lease in the directory alive. If the gateway stops renewing (killed, hung, cut off)
/// the presence service logs its users out. Each renewal also checks that the directory still has this
/// gateway's users; when it lost them (Redis restarted empty, or the lease expired while Redis was out of
/// reach) they are registered again, so nobody has to reconnect.
/// </summary>
public sealed class GatewayLease(
    ChatDirectory directory,
    IConnectionMultiplexer redis,
    GatewayIdentity identity,
    SessionRegistry registry,
    LogoutQueue logouts,
    PresenceClient presence,
    GhostLogins ghosts,
    DeploymentIdentity deployment,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayLease> logger) : BackgroundService
{
    // One script call per batch keeps Redis responsive for everyone else while thousands are put back.
    private const int ReclaimBatch = 500;

    private readonly GatewayOptions _options = options.Value;

    // Set when the Redis connection comes back: a restarted Redis has lost the lease, and every login is
    // refused until it is taken again, so that happens at once rather than at the next tick.
    private readonly AutoResetEvent _renewNow = new(false);

    // Set when the Redis connection comes back, cleared when a renewal after it has put every user back. A
    // redis-server killed and started again replays its append-only file, up to a second old: it lacks the
    // newest logins but still lists users whose logout it never wrote, so the count a renewal compares can
    // come out even with users missing (SelfHealingTests, once in a few CI runs). After a reconnect the
    // users are put back whatever the count says, and the users it lists for this gateway whose connections
    // had closed are logged out (GhostLogins).
    private int _reclaimAll;

    public bool IsHeld { get; private set; }

    /// <summary>Null while this gateway's Redis is marked as its deployment's (see DeploymentIdentity); else what is wrong.</summary>
    public string? RedisProblem { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Take the lease before Kestrel accepts clients: the directory refuses logins from a gateway without one.
        TryRenew();
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

    /// <summary>
    /// Renews on a thread of its own, waiting and calling Redis synchronously. A mass logout queues thousands
    /// of work items on the thread pool (releases, notices); a renewal whose timer and continuation queued
    /// behind them came seconds late, the lease lapsed and presence logged out everyone still here. (On a
    /// saturated machine it still can: docs/operations.md, "A mass departure".) Repairs and logout retries
    /// run beside the renewals, one at a time, and never hold them up.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RenewUntilStopped(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void RenewUntilStopped(CancellationToken stoppingToken)
    {
        Task repairs = Task.CompletedTask;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            while (WaitHandle.WaitAny([stoppingToken.WaitHandle, _renewNow], _options.LeaseRenewInterval) != 0)
            {
                repairs = RenewOnce(repairs);
            }
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    public override void Dispose()
    {
        _renewNow.Dispose();
        base.Dispose();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Volatile.Write(ref _reclaimAll, 1);
        _renewNow.Set();
    }

    /// <summary>Renews now; starts repairs (users lost from the directory, logouts to retry) unless some still run.</summary>
    private Task RenewOnce(Task repairs)
    {
        var reclaim = TryRenew();
        if (!repairs.IsCompleted)
        {
            return repairs;
        }

        var afterReconnect = IsHeld && Interlocked.Exchange(ref _reclaimAll, 0) == 1;
        if (afterReconnect)
        {
            reclaim ??= true;
        }

        // '|', not '||': a check asked for (GhostLogins.CheckSoon) is taken now even when a reconnect asks too.
        var lookForGhosts = IsHeld && (ghosts.TakeCheckDue() | afterReconnect);

        return Task.Run(async () =>
        {
            if (reclaim is { } wasHeld)
            {
                await TryReclaimAsync(wasHeld);
            }

            await RetryLogoutsAsync();
            if (lookForGhosts)
            {
                // After the retries: a logout still waiting to be retried is not a ghost's.
                await TryEndGhostsAsync();
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Whether the directory lost some of this gateway's users. Logins reach the directory before the registry
    /// and logouts leave the registry first, so while users come and go the directory holds at least as many:
    /// fewer means some were lost. (Reclaiming on any difference rewrote thousands of entries on every renewal
    /// during a mass logout.) One path breaks the rule for a moment, by one user per login underway: a login
    /// to an account already online on this gateway frees the new session's guest name in presence before
    /// this gateway closes the older session; reclaiming then put the guest name back as a ghost and told
    /// the older session its name was taken. (Waiting for a second renewal before any reclaim avoided that
    /// too, but healed every outage a renewal later.)
    /// </summary>
    internal static bool LostUsers(long directoryUsers, int connected, int loginsUnderway) =>
        directoryUsers < connected - loginsUnderway;

    /// <summary>A renewal now, beside the timer's, and the repairs it starts: for a test that needs one at a given moment.</summary>
    internal Task RenewNowAsync() => RenewOnce(Task.CompletedTask);

    /// <summary>Renews synchronously; returns whether the lease was held when users need putting back, else null.</summary>
    private bool? TryRenew()
    {
        try
        {
            var (held, directoryUsers, marked) = directory.RenewLease(identity.Id, time.GetUtcNow() + _options.LeaseDuration);
            IsHeld = true;
            RedisProblem = deployment.Mismatch("Redis", marked);
            return !held || LostUsers(directoryUsers, registry.Count, registry.LoginsUnderway) ? held : null;
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            IsHeld = false;
            GatewayLog.BackendUnavailable(logger, "lease", ex);
            return null;
        }
    }

    private async Task TryReclaimAsync(bool wasHeld)
    {
        try
        {
            await ReclaimAsync(wasHeld);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "reclaim", ex);
            Volatile.Write(ref _reclaimAll, 1); // the next renewal tries again
        }
    }

    private async Task TryEndGhostsAsync()
    {
        try
        {
            await ghosts.EndAsync();
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "ending closed logins", ex);
            ghosts.CheckSoon(); // the next renewal tries again
        }
    }

    private async Task ReclaimAsync(bool wasHeld)
    {
        var sessions = registry.All.Where(s => s.Token is not null).ToList();
        var added = 0;
        foreach (var batch in sessions.Chunk(ReclaimBatch))
        {
            // The directory's owner puts them back; the gateway only knows who is connected here.
            var result = await presence.ReclaimAsync(identity.Id, batch.Select(s => (s.User!, s.Token!)), CancellationToken.None);
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
                    await presence.ReleaseAsync(session.User!, session.Token!, CancellationToken.None);
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
                await presence.EndLoginAsync(logout, CancellationToken.None);
            }
            catch (Exception ex) when (BackendFailure.Is(ex))
            {
                logouts.Enqueue(logout);
                return;
            }
        }
    }
}
