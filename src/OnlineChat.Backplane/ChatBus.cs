using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// Relays <see cref="ChatEvent"/>s between services over Redis pub/sub. Each event is serialized once per
/// channel it goes to; the receiving gateway renders it once for all its recipients.
/// </summary>
public sealed class ChatBus(IConnectionMultiplexer redis, ChatKeys keys, ILogger<ChatBus> logger)
{
    /// <summary>Broadcasts and online/offline notices: every gateway hears them.</summary>
    public Task<long> PublishToAllAsync(ChatEvent chatEvent) => PublishAsync(keys.AllChannel, chatEvent);

    /// <summary>Returns how many gateways heard it: 0 means the gateway is gone.</summary>
    public Task<long> PublishToGatewayAsync(string gatewayId, ChatEvent chatEvent) =>
        PublishAsync(keys.GatewayChannel(gatewayId), chatEvent);

    /// <summary>Sends <paramref name="chatEvent"/> to the online users among <paramref name="members"/>, one publish per gateway.</summary>
    public async Task PublishToMembersAsync(IEnumerable<GroupMember> members, ChatEvent chatEvent)
    {
        var byGateway = members
            .Where(m => m.GatewayId is not null)
            .GroupBy(m => m.GatewayId!, m => m.User);
        await Task.WhenAll(byGateway.Select(g => PublishToGatewayAsync(g.Key, chatEvent with { To = [.. g] })));
    }

    /// <summary>
    /// Delivers every event on <paramref name="channel"/> to <paramref name="handler"/>, one at a time and in
    /// the order Redis sent them, inside a Consumer span that continues the publisher's trace.
    /// </summary>
    public async Task SubscribeAsync(RedisChannel channel, Func<ChatEvent, Task> handler)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(channel);
        queue.OnMessage(async message =>
        {
            // StackExchange.Redis drops exceptions thrown by handlers silently; log them instead.
            try
            {
                var chatEvent = JsonSerializer.Deserialize((byte[])message.Message!, ChatEventJsonContext.Default.ChatEvent)!;
                ActivityContext.TryParse(chatEvent.TraceParent, null, out var parent);
                using var activity = BackplaneTelemetry.Source.StartActivity($"{message.Channel} process", ActivityKind.Consumer, parent);
                activity?.SetTag("messaging.system", "redis");
                activity?.SetTag("messaging.destination.name", message.Channel.ToString());
                activity?.SetTag("onlinechat.event.kind", chatEvent.Kind.ToString());
                await handler(chatEvent);
            }
            catch (Exception ex)
            {
                BackplaneLog.HandlerFailed(logger, message.Channel.ToString(), ex);
            }
        });
    }

    public Task UnsubscribeAllAsync() => redis.GetSubscriber().UnsubscribeAllAsync();

    private async Task<long> PublishAsync(RedisChannel channel, ChatEvent chatEvent)
    {
        using var activity = BackplaneTelemetry.Source.StartActivity($"{channel} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "publish");
        activity?.SetTag("messaging.destination.name", channel.ToString());
        activity?.SetTag("onlinechat.event.kind", chatEvent.Kind.ToString());
        if (activity is not null)
        {
            chatEvent = chatEvent with { TraceParent = activity.Id };
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(chatEvent, ChatEventJsonContext.Default.ChatEvent);
        activity?.SetTag("messaging.message.body.size", payload.Length);
        var started = Stopwatch.GetTimestamp();
        var receivers = await redis.GetSubscriber().PublishAsync(channel, payload);
        BackplaneTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return receivers;
    }
}
