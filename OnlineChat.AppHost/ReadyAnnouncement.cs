using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnlineChat.AppHost;

/// <summary>
/// Says "connect with ..." once every gateway is healthy, which needs its chat port bound (Kestrel binds
/// every endpoint before /health answers) and its directory lease held. Printed earlier, a newcomer who
/// followed it at once got "Connection refused".
/// </summary>
internal sealed class ReadyAnnouncement(
    ResourceNotificationService notifications,
    DistributedApplicationModel model,
    GatewayTls tls,
    ILogger<ReadyAnnouncement> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gateways = model.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith(GatewayResources.NamePrefix, StringComparison.Ordinal)).ToList();
        try
        {
            foreach (var gateway in gateways)
            {
                await notifications.WaitForResourceHealthyAsync(gateway.Name, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var ports = gateways.Select(g => g.GetEndpoint(GatewayResources.ChatEndpointName).Port).ToList();
        var tlsPorts = gateways.Select(g => g.GetEndpoint(GatewayResources.TlsEndpointName).Port).ToList();
        var fingerprint = tls.Fingerprint();
        var line = $"OnlineChat is ready: {gateways.Count} gateways on ports {string.Join(", ", ports)}. " +
            $"Connect with: dotnet run --project src/OnlineChat.Client -- <name> --gateways {string.Join(',', ports.Select(p => $"localhost:{p}"))}";
        var tlsLine = $"TLS on ports {string.Join(", ", tlsPorts)}, certificate SHA-256 fingerprint {fingerprint}. " +
            $"Connect with: dotnet run --project src/OnlineChat.Client -- <name> --gateways {string.Join(',', tlsPorts.Select(p => $"localhost:{p}"))} --fingerprint {fingerprint}";
        // The client moves to the next gateway of the list when its own goes away, so it gets all of them.
        // The console is where ./run.sh's user looks; the log is where the dashboard and tests look.
        Console.WriteLine(line);
        Console.WriteLine(tlsLine);
        logger.LogInformation("{ReadyLine}", line);
        logger.LogInformation("{TlsLine}", tlsLine);
    }
}
