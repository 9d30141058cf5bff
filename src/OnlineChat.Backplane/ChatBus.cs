using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// Relays <see cref="ChatEvent"/>s between services over Redis. Every message and notice for users goes
/// through Scripts/publish.lua, in batches (<see cref="PublishBatcher"/>): written to the message log (a
/// message also to its conversation's history), then published on the channel of each gateway with
/// recipients, so a gateway hears what is for its users in the order the log has it. Control events for
/// the gateways themselves (a login ended elsewhere, a mute) go unlogged on the channel every gateway hears.
/// </summary>
public sealed class ChatBus(IConnectionMultiplexer redis, ChatKeys keys, IOptions<HistoryOptions> history, ILogger<ChatBus> logger)
{
    private const long MaxBatchBytes = 128 * 1024;

    private readonly PublishBatcher _batcher = NewBatcher(redis, keys, history);

    /// <summary>A broadcast (kept in the room's history) or an online/offline notice, to every user but the event's Except.</summary>
    /// <param name="frame">For a client that numbers its frames: published only if not published under this number already.</param>
    public async Task<LogId> PublishToAllAsync(ChatEvent chatEvent, ClientFrame? frame = null)
    {
        var (status, id, _) = await PublishAsync("all", "", "", chatEvent, frame);
        return status == "ok" ? id : LogId.Zero;
    }

    /// <summary>
    /// A private message to <paramref name="recipient"/> (any case), wherever they are logged in or suspended,
    /// or kept for an account that is away. One script finds the gateway, logs and publishes: one round trip.
    /// Returns what became of it and the recipient as spelled online or registered (as given when there is none).
    /// </summary>
    public async Task<(PrivateOutcome Outcome, string Recipient)> SendPrivateAsync(string recipient, ChatEvent chatEvent, ClientFrame? frame = null)
    {
        var (status, _, named) = await PublishAsync("user", recipient, chatEvent.User, chatEvent, frame);
        var outcome = status switch
        {
            "ok" or "dup" => PrivateOutcome.Sent,
            "offline" => PrivateOutcome.KeptForAccount,
            _ => PrivateOutcome.NoSuchUser,
        };
        return (outcome, named.Length > 0 ? named : recipient);
    }

    /// <summary>
    /// A group message to the group's online members other than <paramref name="sender"/>, provided the sender
    /// is a member. Membership is read and the message logged and published by one script: one round trip,
    /// and a member who joins or leaves gets the message or not, never half.
    /// </summary>
    public async Task<GroupOutcome> SendToGroupAsync(string group, string sender, ChatEvent chatEvent, ClientFrame? frame = null)
    {
        var (status, _, _) = await PublishAsync("group", group, sender, chatEvent, frame);
        return status is "ok" or "dup" ? GroupOutcome.Ok : ChatDirectory.ReadOutcome(status);
    }

    /// <summary>
    /// A notice to one user (an invitation to a group, a removal from one): delivered if they are online, else
    /// logged for the account of that name, whose next login shows it among what it missed.
    /// </summary>
    public async Task NotifyUserAsync(string user, ChatEvent notice) => await PublishAsync("user", user, "", notice);

    /// <summary>A notice to those of <paramref name="users"/> who are online (group notices).</summary>
    public Task PublishToUsersAsync(IEnumerable<string> users, ChatEvent chatEvent) =>
        PublishAsync("names", string.Join(',', users), "", chatEvent);

    /// <summary>An event for the gateways themselves (<see cref="ChatEventKind.SessionEnded"/>, <see cref="ChatEventKind.UserMuted"/>): unlogged, every gateway hears it.</summary>
    public async Task PublishControlAsync(ChatEvent chatEvent)
    {
        using var activity = StartPublish(keys.AllChannel.ToString(), ref chatEvent);
        await redis.GetSubscriber().PublishAsync(keys.AllChannel, Serialize(chatEvent, activity));
    }

    /// <summary>Hands the message to the batcher (Scripts/publish.lua); returns its status, the message's log id and a PM's recipient as spelled.</summary>
    private async Task<(string Status, LogId Id, string Recipient)> PublishAsync(string audience, string target, string sender, ChatEvent chatEvent, ClientFrame? frame = null)
    {
        // Which gateways' channels is decided in Redis, so the span names them all.
        using var activity = StartPublish(keys.GatewayChannelPrefix + "{gateway}", ref chatEvent);
        var payload = Serialize(chatEvent with { To = null }, activity);
        var keep = chatEvent.Kind is (ChatEventKind.Broadcast or ChatEventKind.Private or ChatEventKind.Group) && history.Value.KeepsConversations;
        return await _batcher.PublishAsync(new PublishRequest(audience, target, sender, payload, keep, frame));
    }

    private static PublishBatcher NewBatcher(IConnectionMultiplexer redis, ChatKeys keys, IOptions<HistoryOptions> history)
    {
        var trims = new LogTrimSchedule(TimeProvider.System);
        return new PublishBatcher(redis, () => ScriptHeader(keys, history.Value, trims.Due()));
    }

    /// <summary>The values publish.lua reads before the messages; the oldest id kept only when the log's age trim is due.</summary>
    private static RedisValue[] ScriptHeader(ChatKeys keys, HistoryOptions history, bool trim) =>
    [
        keys.Prefix, keys.GatewayChannelPrefix, keys.PublishCommand, history.LogMessages, history.MessagesPerConversation,
        trim ? history.OldestKept(DateTimeOffset.UtcNow).ToString() : "", (long)history.MaxAge.TotalMilliseconds,
    ];

    /// <summary>
    /// Hands the events heard on <paramref name="channel"/> to <paramref name="deliver"/> in the order Redis
    /// sent them, in batches: one event when traffic is light, everything that queued up meanwhile (up to
    /// <paramref name="maxBatch"/>) when it is heavy, so the receiver can write several frames to a client
    /// with one socket write. Each event comes with its Consumer span, which continues the publisher's trace
    /// and ends once the batch is handled.
    /// </summary>
    /// <param name="relay">The channel carries <see cref="RelayEnvelope"/>s (a gateway's channel), not bare events (the control channel).</param>
    public async Task SubscribeAsync(RedisChannel channel, bool relay, Func<IReadOnlyList<ReceivedEvent>, Task> deliver, int maxBatch = 256)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(channel);
        _ = Task.Run(() => PumpAsync(queue, relay, deliver, maxBatch));
    }

    /// <summary>
    /// Drops the channel's subscription and subscribes again, with a new pump. For a subscription that
    /// StackExchange.Redis believes restored but that hears nothing (a resubscribe can fail, e.g. while a
    /// restarted Redis is still loading its data): what is published in between is for the caller to catch up.
    /// </summary>
    public async Task ResubscribeAsync(RedisChannel channel, bool relay, Func<IReadOnlyList<ReceivedEvent>, Task> deliver)
    {
        await redis.GetSubscriber().UnsubscribeAsync(channel);
        await SubscribeAsync(channel, relay, deliver);
    }

    private async Task PumpAsync(ChannelMessageQueue queue, bool relay, Func<IReadOnlyList<ReceivedEvent>, Task> deliver, int maxBatch)
    {
        var batch = new List<ReceivedEvent>(maxBatch);
        while (true)
        {
            long bytes;
            try
            {
                bytes = Receive(await queue.ReadAsync(), relay, batch);
            }
            catch (ChannelClosedException)
            {
                return; // Unsubscribed: the gateway is stopping.
            }

            // Bounded in bytes too: a batch becomes one buffer per client, which must stay well under a
            // client's outbound limit even when every message is as large as a frame may be.
            while (batch.Count < maxBatch && bytes < MaxBatchBytes && queue.TryRead(out var next))
            {
                bytes += Receive(next, relay, batch);
            }

            try
            {
                await deliver(batch);
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

    /// <summary>Adds the events carried by <paramref name="message"/> to the batch (a gateway's channel carries a batch of lines); returns the payload's size.</summary>
    private long Receive(ChannelMessage message, bool relay, List<ReceivedEvent> batch)
    {
        byte[] payload;
        try
        {
            payload = (byte[])message.Message!;
        }
        catch (Exception ex) when (ex is InvalidCastException or ArgumentException)
        {
            Add(message.Channel, LogId.Zero, null, batch); // Not bytes at all: logged and skipped.
            return 0;
        }

        if (!relay)
        {
            Add(message.Channel, LogId.Zero, Deserialize(payload), batch);
            return payload.Length;
        }

        foreach (var line in RelayEnvelope.Lines(payload))
        {
            Add(message.Channel, line.Id, line.Event, batch);
        }

        return payload.Length;
    }

    private static ChatEvent? Deserialize(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ChatEventJsonContext.Default.ChatEvent);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidCastException or NotSupportedException)
        {
            return null;
        }
    }

    private void Add(RedisChannel channel, LogId id, ChatEvent? chatEvent, List<ReceivedEvent> batch)
    {
        if (chatEvent is null)
        {
            // Something other than our envelope on our channel: skip it, never stop the pump.
            BackplaneLog.HandlerFailed(logger, channel.ToString(), new InvalidDataException("Not a chat event."));
            return;
        }

        ActivityContext.TryParse(chatEvent.TraceParent, null, out var parent);
        var outer = Activity.Current;
        var span = BackplaneTelemetry.Source.StartActivity($"{channel} process", ActivityKind.Consumer, parent);
        // Spans of one batch are siblings under their own publishers, not nested in each other.
        Activity.Current = outer;
        span?.SetTag("messaging.system", "redis");
        span?.SetTag("messaging.destination.name", channel.ToString());
        span?.SetTag("onlinechat.event.kind", chatEvent.Kind.ToString());
        batch.Add(new ReceivedEvent(chatEvent, span, id));
    }

    public Task UnsubscribeAllAsync() => redis.GetSubscriber().UnsubscribeAllAsync();

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

/// <summary>A numbered frame of a client that resumes: its login's secret and the frame's number (see NumberedFrame).</summary>
public readonly record struct ClientFrame(string Secret, long Number);

public enum PrivateOutcome
{
    Sent,

    /// <summary>The recipient is an account that is away: its next login gets the message.</summary>
    KeptForAccount,

    /// <summary>Nobody of that name is online and there is no such account.</summary>
    NoSuchUser,
}

/// <summary>An event heard on a channel, with its Consumer span (null when the trace is not sampled) and its log id (zero for a control event).</summary>
public readonly record struct ReceivedEvent(ChatEvent Event, Activity? Span, LogId Id);
