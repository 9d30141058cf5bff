using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Hears the channels meant for this gateway and hands each event to its local recipients: rendered and
/// framed once, then the same bytes queued for every recipient.
/// </summary>
public sealed class RelayListener(
    ChatBus bus,
    ChatKeys keys,
    GatewayIdentity identity,
    SessionRegistry registry,
    GatewayMetrics metrics) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before Kestrel accepts anyone, so no login can miss a message addressed to it.
        await bus.SubscribeAsync(keys.AllChannel, DeliverAsync);
        await bus.SubscribeAsync(keys.GatewayChannel(identity.Id), DeliverAsync);
    }

    public Task StopAsync(CancellationToken cancellationToken) => bus.UnsubscribeAllAsync();

    private Task DeliverAsync(ChatEvent chatEvent)
    {
        var frame = FrameWriter.Encode(ChatText.Render(chatEvent));
        var delivered = 0;
        if (chatEvent.To is null)
        {
            foreach (var session in registry.All)
            {
                if (chatEvent.IsFor(session.User!) && session.TrySend(frame))
                {
                    delivered++;
                }
            }
        }
        else
        {
            foreach (var user in chatEvent.To)
            {
                if (registry.TryGet(user, out var session) && session.TrySend(frame))
                {
                    delivered++;
                }
            }
        }

        GatewayTelemetry.TagDelivery(identity.Id, delivered);
        metrics.Delivered(chatEvent, delivered);
        return Task.CompletedTask;
    }
}
