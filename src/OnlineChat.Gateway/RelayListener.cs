using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Hears the channels meant for this gateway and hands each event to its local recipients: rendered and
/// framed once, then the same bytes queued for every recipient. Events that queued up while the previous
/// ones were delivered arrive together (see <see cref="ChatBus.SubscribeAsync"/>) and go to each client as
/// one buffer, so under load a client gets one socket write per batch rather than one per message. The
/// writes of one delivery go to the kernel together (<see cref="SendBatch"/>).
/// </summary>
public sealed class RelayListener(
    ChatBus bus,
    ChatKeys keys,
    GatewayIdentity identity,
    SessionRegistry registry,
    SendBatches sendBatches,
    MuteTable mutes,
    GatewayMetrics metrics) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before Kestrel accepts anyone, so no login can miss a message addressed to it.
        await bus.SubscribeAsync(keys.AllChannel, Deliver);
        await bus.SubscribeAsync(keys.GatewayChannel(identity.Id), Deliver);
    }

    public Task StopAsync(CancellationToken cancellationToken) => bus.UnsubscribeAllAsync();

    private void Deliver(IReadOnlyList<ReceivedEvent> batch)
    {
        if (HasControlEvents(batch))
        {
            EndSessions(batch.Where(e => e.Event.Kind == ChatEventKind.SessionEnded));
            UpdateMutes(batch.Where(e => e.Event.Kind == ChatEventKind.UserMuted));
            batch = [.. batch.Where(e => e.Event.Kind is not (ChatEventKind.SessionEnded or ChatEventKind.UserMuted))];
            if (batch.Count == 0)
            {
                return;
            }
        }

        var frames = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            frames[i] = FrameWriter.Encode(ChatText.Render(batch[i].Event));
        }

        var recipients = new int[batch.Count];
        using (var sends = sendBatches.Rent())
        {
            if (batch.Count == 1)
            {
                DeliverOne(batch[0].Event, frames[0], sends, recipients);
            }
            else if (batch.All(e => e.Event.To is null))
            {
                DeliverBroadcasts(batch, frames, sends, recipients);
            }
            else
            {
                DeliverMixed(batch, frames, sends, recipients);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Span?.SetTag("onlinechat.gateway.id", identity.Id);
            batch[i].Span?.SetTag(GatewayTelemetry.RecipientsTag, recipients[i]);
            metrics.Delivered(batch[i].Event, recipients[i]);
        }
    }

    /// <summary>
    /// Whether the batch holds events for the gateway itself rather than lines for users (a login replaced, a
    /// mute). Rare; checked with a plain loop because every delivery passes here.
    /// </summary>
    private static bool HasControlEvents(IReadOnlyList<ReceivedEvent> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Event.Kind is ChatEventKind.SessionEnded or ChatEventKind.UserMuted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A newer login of an account replaced one here: that session (matched by its token, since the name may
    /// meanwhile belong to the newer login on this very gateway) is told why and closed.
    /// </summary>
    private void EndSessions(IEnumerable<ReceivedEvent> endings)
    {
        foreach (var ending in endings)
        {
            if (registry.TryGet(ending.Event.User, out var session) && session.Token == ending.Event.Token)
            {
                registry.Remove(session);
                session.TrySendText(ChatText.Render(ending.Event));
                session.Close();
            }

            ending.Span?.SetTag("onlinechat.gateway.id", identity.Id);
        }
    }

    /// <summary>A moderator muted or unmuted someone: this gateway refuses or accepts their messages from now on, and tells them if they are here.</summary>
    private void UpdateMutes(IEnumerable<ReceivedEvent> changes)
    {
        foreach (var change in changes)
        {
            var until = change.Event.UntilUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(change.Event.UntilUnixMs) : (DateTimeOffset?)null;
            mutes.Set(change.Event.User, until);
            if (registry.TryGet(change.Event.User, out var session))
            {
                session.TrySendText(ChatText.Render(change.Event));
            }

            change.Span?.SetTag("onlinechat.gateway.id", identity.Id);
        }
    }

    /// <summary>The light-load path: one frame, shared by every recipient.</summary>
    private void DeliverOne(ChatEvent chatEvent, byte[] frame, SendBatch sends, int[] recipients)
    {
        if (chatEvent.To is null)
        {
            foreach (var session in registry.All)
            {
                if (chatEvent.IsFor(session.User!) && sends.Send(session, frame))
                {
                    recipients[0]++;
                }
            }

            return;
        }

        foreach (var user in chatEvent.To)
        {
            if (registry.TryGet(user, out var session) && sends.Send(session, frame))
            {
                recipients[0]++;
            }
        }
    }

    /// <summary>
    /// Only events for everyone (broadcasts, online/offline): nearly every client gets all of them, so one
    /// concatenation is shared; only the senders, who skip their own lines, get buffers of their own.
    /// </summary>
    private void DeliverBroadcasts(IReadOnlyList<ReceivedEvent> batch, byte[][] frames, SendBatch sends, int[] recipients)
    {
        var all = Concat(frames, Enumerable.Range(0, frames.Length));
        var senders = batch.Select(e => e.Event.Except).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var session in registry.All)
        {
            if (!senders.Contains(session.User!))
            {
                if (sends.Send(session, all))
                {
                    for (var i = 0; i < recipients.Length; i++)
                    {
                        recipients[i]++;
                    }
                }

                continue;
            }

            var mine = Enumerable.Range(0, batch.Count).Where(i => batch[i].Event.IsFor(session.User!)).ToList();
            if (mine.Count > 0 && sends.Send(session, Concat(frames, mine)))
            {
                mine.ForEach(i => recipients[i]++);
            }
        }
    }

    /// <summary>Any mix of events: works out each recipient's share of the batch, in order.</summary>
    private void DeliverMixed(IReadOnlyList<ReceivedEvent> batch, byte[][] frames, SendBatch sends, int[] recipients)
    {
        var shares = new Dictionary<ChatSession, List<int>>();
        void Add(ChatSession session, int i)
        {
            if (!shares.TryGetValue(session, out var share))
            {
                shares[session] = share = [];
            }

            share.Add(i);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var chatEvent = batch[i].Event;
            if (chatEvent.To is null)
            {
                foreach (var session in registry.All)
                {
                    if (chatEvent.IsFor(session.User!))
                    {
                        Add(session, i);
                    }
                }
            }
            else
            {
                foreach (var user in chatEvent.To)
                {
                    if (registry.TryGet(user, out var session))
                    {
                        Add(session, i);
                    }
                }
            }
        }

        foreach (var (session, share) in shares)
        {
            if (sends.Send(session, share.Count == 1 ? frames[share[0]] : Concat(frames, share)))
            {
                share.ForEach(i => recipients[i]++);
            }
        }
    }

    private static byte[] Concat(byte[][] frames, IEnumerable<int> which)
    {
        var parts = which.Select(i => frames[i]).ToList();
        var buffer = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(buffer, at);
            at += part.Length;
        }

        return buffer;
    }
}
