using System.Threading.Channels;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Loads the directory's mutes into the <see cref="MuteTable"/> wherever its events may have been missed: at
/// start (presence may be away then, so it retries until presence answers) and after this gateway's Redis
/// subscription was down (mute events are not logged: one published then never arrives). A user here whose
/// mute the load changed is told, as the missed event would have told them.
/// </summary>
public sealed class MuteSync(PresenceClient presence, MuteTable mutes, SessionRegistry registry, TimeProvider time, ILogger<MuteSync> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);

    private readonly Channel<bool> _wanted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    /// <summary>Asks for a load soon (one pending request covers any number).</summary>
    public void RequestReload() => _wanted.Writer.TryWrite(true);

    /// <summary>
    /// Before a login completes here: if the table was never loaded (presence was away since the gateway
    /// started), one attempt now, so a muted user cannot slip in before the retry comes round.
    /// </summary>
    public async Task EnsureLoadedAsync()
    {
        if (!_loaded)
        {
            await TryLoadAsync(CancellationToken.None, unlessLoaded: true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RequestReload();
        try
        {
            await foreach (var _ in _wanted.Reader.ReadAllAsync(stoppingToken))
            {
                // Doubling waits while presence is away; the loop ends when a load succeeds or the gateway stops.
                for (var wait = FirstRetry; !await TryLoadAsync(stoppingToken, unlessLoaded: false); wait = Min(wait * 2, LastRetry))
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken, bool unlessLoaded)
    {
        await _loading.WaitAsync(cancellationToken);
        var completed = false;
        try
        {
            if (unlessLoaded && _loaded)
            {
                // The retry loaded it while this waited its turn.
                return true;
            }

            mutes.BeginReload();
            var directory = await presence.MutesAsync(cancellationToken);
            foreach (var (user, until) in mutes.CompleteReload(directory, time.GetUtcNow()))
            {
                if (registry.TryGet(user, out var session))
                {
                    session.TrySendText(until is { } end ? ChatText.StillMuted(end) : ChatText.UnmutedWhileAway);
                }
            }

            completed = true;
            _loaded = true;
            return true;
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "loading mutes", ex);
            return false;
        }
        finally
        {
            if (!completed)
            {
                mutes.AbandonReload();
            }

            _loading.Release();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
