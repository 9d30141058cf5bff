using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
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
    private const long MaxBatchBytes = 128 * 1024;

    /// <summary>Broadcasts and online/offline notices: every gateway hears them.</summary>
    public Task<long> PublishToAllAsync(ChatEvent chatEvent) => PublishAsync(keys.AllChannel, chatEvent);

    /// <summary>Returns how many gateways heard it: 0 means the gateway is gone.</summary>
    public Task<long> PublishToGatewayAsync(string gatewayId, ChatEvent chatEvent) =>
        PublishAsync(keys.GatewayChannel(gatewayId), chatEvent);

    /// <summary>
    /// Sends a private message to the gateway where <paramref name="recipient"/> is logged in. One script
    /// finds the gateway and publishes there, so the message costs one Redis round trip, not a lookup and
    /// then a publish. False when nobody of that name is online or their gateway is gone.
    /// </summary>
    public async Task<bool> SendPrivateAsync(string recipient, ChatEvent chatEvent) =>
        // The script writes "To" itself: the recipient as spelled online (the sender may use any case).
        (long)await RouteAsync(DirectoryScripts.SendPrivate, [recipient], chatEvent with { To = null }) > 0;

    /// <summary>
    /// Sends a group message to the group's online members other than <paramref name="sender"/>, one publish
    /// per gateway they are on, provided the sender is a member. Membership is read and the message published
    /// by one script: one round trip, and a member who joins or leaves gets the message or not, never half.
    /// </summary>
    public async Task<GroupOutcome> SendToGroupAsync(string group, string sender, ChatEvent chatEvent) =>
        // The script writes "To" itself, per gateway.
        ChatDirectory.ReadOutcome((string?)await RouteAsync(DirectoryScripts.SendToGroup, [group, sender], chatEvent with { To = null }));

    /// <summary>Sends <paramref name="chatEvent"/> to the online users among <paramref name="members"/>, one publish per gateway.</summary>
    public async Task PublishToMembersAsync(IEnumerable<GroupMember> members, ChatEvent chatEvent)
    {
        var byGateway = members
            .Where(m => m.GatewayId is not null)
            .GroupBy(m => m.GatewayId!, m => m.User);
        await Task.WhenAll(byGateway.Select(g => PublishToGatewayAsync(g.Key, chatEvent with { To = [.. g] })));
    }

    /// <summary>
    /// Hands the events heard on <paramref name="channel"/> to <paramref name="deliver"/> in the order Redis
    /// sent them, in batches: one event when traffic is light, everything that queued up meanwhile (up to
    /// <paramref name="maxBatch"/>) when it is heavy, so the receiver can write several frames to a client
    /// with one socket write. Each event comes with its Consumer span, which continues the publisher's trace
    /// and ends once the batch is handled.
    /// </summary>
    public async Task SubscribeAsync(RedisChannel channel, Action<IReadOnlyList<ReceivedEvent>> deliver, int maxBatch = 256)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(channel);
        _ = Task.Run(() => PumpAsync(queue, deliver, maxBatch));
    }

    private async Task PumpAsync(ChannelMessageQueue queue, Action<IReadOnlyList<ReceivedEvent>> deliver, int maxBatch)
    {
        var batch = new List<ReceivedEvent>(maxBatch);
        while (true)
        {
            long bytes;
            try
            {
                bytes = Receive(await queue.ReadAsync(), batch);
            }
            catch (ChannelClosedException)
            {
                return; // Unsubscribed: the gateway is stopping.
            }

            // Bounded in bytes too: a batch becomes one buffer per client, which must stay well under a
            // client's outbound limit even when every message is as large as a frame may be.
            while (batch.Count < maxBatch && bytes < MaxBatchBytes && queue.TryRead(out var next))
            {
                bytes += Receive(next, batch);
            }

            try
            {
                deliver(batch);
            }
            catch (Exception ex)
            {
                BackplaneLog.HandlerFailed(logger, queue.Channel.ToString(), ex);
            }
            finally
            {
                foreach (var received in batch)
                {
                    received.Span?.Dispose();
                }

                batch.Clear();
            }
        }
    }

    /// <summary>Adds the event carried by <paramref name="message"/> to the batch; returns the envelope's size.</summary>
    private long Receive(ChannelMessage message, List<ReceivedEvent> batch)
    {
        ChatEvent? chatEvent;
        try
        {
            chatEvent = JsonSerializer.Deserialize((byte[])message.Message!, ChatEventJsonContext.Default.ChatEvent);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidCastException)
        {
            // Something other than our envelope on our channel: skip it, never stop the pump.
            BackplaneLog.HandlerFailed(logger, message.Channel.ToString(), ex);
            return 0;
        }

        if (chatEvent is null)
        {
            return 0;
        }

        ActivityContext.TryParse(chatEvent.TraceParent, null, out var parent);
        var outer = Activity.Current;
        var span = BackplaneTelemetry.Source.StartActivity($"{message.Channel} process", ActivityKind.Consumer, parent);
        // Spans of one batch are siblings under their own publishers, not nested in each other.
        Activity.Current = outer;
        span?.SetTag("messaging.system", "redis");
        span?.SetTag("messaging.destination.name", message.Channel.ToString());
        span?.SetTag("onlinechat.event.kind", chatEvent.Kind.ToString());
        batch.Add(new ReceivedEvent(chatEvent, span));
        return message.Message.Length();
    }

    public Task UnsubscribeAllAsync() => redis.GetSubscriber().UnsubscribeAllAsync();

    private async Task<long> PublishAsync(RedisChannel channel, ChatEvent chatEvent)
    {
        using var activity = StartPublish(channel.ToString(), ref chatEvent);
        var payload = Serialize(chatEvent, activity);
        var started = Stopwatch.GetTimestamp();
        var receivers = await redis.GetSubscriber().PublishAsync(channel, payload);
        BackplaneTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return receivers;
    }

    /// <summary>
    /// Runs a script that picks the recipients' gateways and publishes the event there. Its ARGV are the
    /// prefix, <paramref name="args"/>, the envelope and the prefix of the gateway channels.
    /// </summary>
    private async Task<RedisResult> RouteAsync(DirectoryScript script, RedisValue[] args, ChatEvent chatEvent)
    {
        // Which gateway's channel is decided in Redis, so the span names them all.
        using var activity = StartPublish(keys.GatewayChannelPrefix + "{gateway}", ref chatEvent);
        var payload = Serialize(chatEvent, activity);
        var started = Stopwatch.GetTimestamp();
        var result = await script.EvaluateAsync(redis.GetDatabase(), [], [keys.Prefix, .. args, payload, keys.GatewayChannelPrefix]);
        BackplaneTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>Starts the Producer span and stamps its trace context on the event, for the receivers' spans.</summary>
    private static Activity? StartPublish(string destination, ref ChatEvent chatEvent)
    {
        var activity = BackplaneTelemetry.Source.StartActivity($"{destination} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "publish");
        activity?.SetTag("messaging.destination.name", destination);
        activity?.SetTag("onlinechat.event.kind", chatEvent.Kind.ToString());
        if (activity is not null)
        {
            chatEvent = chatEvent with { TraceParent = activity.Id };
        }

        return activity;
    }

    private static byte[] Serialize(ChatEvent chatEvent, Activity? activity)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(chatEvent, ChatEventJsonContext.Default.ChatEvent);
        activity?.SetTag("messaging.message.body.size", payload.Length);
        return payload;
    }
}

/// <summary>An event heard on a channel, with its Consumer span (null when the trace is not sampled).</summary>
public readonly record struct ReceivedEvent(ChatEvent Event, Activity? Span);
