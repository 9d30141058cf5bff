using System.Diagnostics.Metrics;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

public sealed class GatewayMetrics
{
    public const string MeterName = "OnlineChat.Gateway";

    /// <summary>Values of the onlinechat.refused.reason tag.</summary>
    public const string RateLimited = "rate_limited";
    public const string AddressRateLimited = "address_rate_limited";
    public const string Muted = "muted";
    public const string BackendDown = "backend_unavailable";

    /// <summary>
    /// Seconds. The send time crosses processes in whole milliseconds, so the first bucket (up to 1 ms) holds
    /// every delivery faster than the clock can tell; the rest spread a healthy few ms to an overloaded 10 s.
    /// Without them OpenTelemetry's default buckets (0, 5, 10, … meant for milliseconds) put every delivery in
    /// the first one and the dashboard read "5 seconds".
    /// </summary>
    public static readonly double[] DeliveryLatencyBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _received;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _protocolErrors;
    private readonly Counter<long> _slowClients;
    private readonly Counter<long> _connectionsRefused;

    public GatewayMetrics(IMeterFactory meterFactory, GatewayIdentity identity)
    {
        // The gateway id on the meter tells instances apart wherever they share one exporter or dashboard view.
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Tags = [new("onlinechat.gateway.id", identity.Id)] });
        _connections = meter.CreateUpDownCounter<long>("onlinechat.gateway.active_connections", description: "Open client connections.");
        _received = meter.CreateCounter<long>("onlinechat.gateway.messages_received", description: "Client frames handled, by kind.");
        _refused = meter.CreateCounter<long>("onlinechat.gateway.messages_refused", description: "Client commands refused, by reason: rate limited, or Redis or presence unavailable.");
        _deliveries = meter.CreateCounter<long>("onlinechat.gateway.deliveries", description: "Frames queued to local recipients.");
        _deliveryLatency = meter.CreateHistogram<double>("onlinechat.gateway.delivery.latency", unit: "s",
            description: "From the sender's gateway reading the frame to this gateway queueing it for the recipients.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryLatencyBoundaries });
        _protocolErrors = meter.CreateCounter<long>("onlinechat.gateway.protocol_errors", description: "Connections closed for malformed frames.");
        _slowClients = meter.CreateCounter<long>("onlinechat.gateway.slow_clients_disconnected", description: "Clients disconnected for not reading.");
        _connectionsRefused = meter.CreateCounter<long>("onlinechat.gateway.connections_refused", description: "Connections refused: gateway full, too many from one address, or draining.");
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void MessageReceived(string kind) => _received.Add(1, new KeyValuePair<string, object?>("onlinechat.command", kind));

    public void MessageRefused(string kind, string reason) => _refused.Add(1,
        new KeyValuePair<string, object?>("onlinechat.command", kind),
        new KeyValuePair<string, object?>("onlinechat.refused.reason", reason));

    public void ConnectionRefused() => _connectionsRefused.Add(1);

    public void ProtocolError() => _protocolErrors.Add(1);

    public void SlowClientDisconnected() => _slowClients.Add(1);

    public void Delivered(ChatEvent chatEvent, int recipients)
    {
        if (recipients == 0)
        {
            return;
        }

        var kind = new KeyValuePair<string, object?>("onlinechat.event.kind", chatEvent.Kind.ToString());
        _deliveries.Add(recipients, kind);
        if (chatEvent.SentAtUnixMs > 0)
        {
            var latency = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - chatEvent.SentAtUnixMs) / 1000.0;
            _deliveryLatency.Record(Math.Max(0, latency), kind);
        }
    }
}
