namespace OnlineChat.Gateway;

/// <summary>Fills the <see cref="MuteTable"/> from the directory when the gateway starts; events keep it current after.</summary>
public sealed class MuteLoader(PresenceClient presence, MuteTable mutes, ILogger<MuteLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (user, until) in await presence.MutesAsync(cancellationToken))
            {
                mutes.Set(user, until);
            }
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // Presence is away: mutes set from now on still arrive as events.
            GatewayLog.BackendUnavailable(logger, "loading mutes", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
