using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// Directory sizes for the gauges, refreshed in the background: an observable gauge callback runs on the
/// exporter's thread and must not block on Redis.
/// </summary>
public sealed class DirectoryGauges(ChatDirectory directory, ILogger<DirectoryGauges> logger) : BackgroundService
{
    public long UsersOnline { get; private set; }

    public long Groups { get; private set; }

    public long LiveGateways { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            try
            {
                UsersOnline = await directory.UserCountAsync();
                Groups = await directory.GroupCountAsync();
                LiveGateways = await directory.LiveGatewayCountAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Refreshing directory gauges failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
