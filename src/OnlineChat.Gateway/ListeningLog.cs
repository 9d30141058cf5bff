namespace OnlineChat.Gateway;

/// <summary>Logs the chat port once Kestrel has bound it: the real one, even when 0 was configured.</summary>
public sealed class ListeningLog(
    IHostApplicationLifetime lifetime,
    ChatEndpoint endpoint,
    GatewayIdentity identity,
    ILogger<ListeningLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            GatewayLog.Listening(logger, identity.Id, endpoint.Port);
            if (endpoint.TlsPort is { } tlsPort)
            {
                GatewayLog.ListeningTls(logger, identity.Id, tlsPort, GatewayCertificate.Fingerprint(endpoint.TlsCertificate!));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
