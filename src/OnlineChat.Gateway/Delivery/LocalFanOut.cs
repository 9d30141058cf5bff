using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// Hands a batch of relayed events to this gateway's recipients: rendered and framed once, then the same bytes
/// queued for every recipient. Events that queued up while the previous ones were delivered arrive together
/// and go to each client as one buffer, so under load a client gets one socket write per batch rather than
/// one per message; the writes of one delivery go to the kernel together (<see cref="SendBatch"/>). A client
/// that opted in to resuming gets each line with its log id in front (<see cref="FramesOf.WithIds"/>).
/// </summary>
public sealed class LocalFanOut(
    SessionRegistry registry,
    SendBatchPool sendBatches,
    GatewayIdentity identity,
    GatewayMetrics metrics)
{
    public void Deliver(IReadOnlyList<ReceivedEvent> batch)
    {
        var frames = new FramesOf(batch);
        var recipients = new int[batch.Count];
        using (var sends = sendBatches.Rent())
        {
            if (batch.Count == 1)
            {
                DeliverOne(batch[0].Event, frames, sends, recipients);
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

    /// <summary>The light-load path: one frame, shared by every recipient.</summary>
    private void DeliverOne(ChatEvent chatEvent, FramesOf frames, SendBatch sends, int[] recipients)
    {
        if (chatEvent.To is null)
        {
            foreach (var session in registry.All)
            {
                if (chatEvent.IsFor(session.User!, session.Token) && frames.IsNew(session, 0) && sends.Send(session, frames.For(session, 0)))
                {
                    recipients[0]++;
                }
            }

            return;
        }

        foreach (var user in chatEvent.To)
        {
            if (registry.TryGet(user, out var session) && chatEvent.IsForLogin(session.Token) && frames.IsNew(session, 0) && sends.Send(session, frames.For(session, 0)))
            {
                recipients[0]++;
            }
        }
    }

    /// <summary>
    /// Only events for everyone (broadcasts, online/offline): nearly every client gets all of them, so one
    /// concatenation is shared; only the senders, who skip their own lines, get buffers of their own.
    /// </summary>
    private void DeliverBroadcasts(IReadOnlyList<ReceivedEvent> batch, FramesOf frames, SendBatch sends, int[] recipients)
    {
        var all = Enumerable.Range(0, batch.Count).ToList();
        var senders = batch.Select(e => e.Event.Except).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var loginsLeftOut = batch.Select(e => e.Event.ExceptLogin).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var session in registry.All)
        {
            if (!senders.Contains(session.User!) && (loginsLeftOut.Count == 0 || !loginsLeftOut.Contains(session.Token ?? "")) && frames.IsNew(session, 0))
            {
                if (sends.Send(session, frames.All(session)))
                {
                    for (var i = 0; i < recipients.Length; i++)
                    {
                        recipients[i]++;
                    }
                }

                continue;
            }

            var mine = all.Where(i => batch[i].Event.IsFor(session.User!, session.Token) && frames.IsNew(session, i)).ToList();
            if (mine.Count > 0 && sends.Send(session, frames.Concat(session, mine)))
            {
                mine.ForEach(i => recipients[i]++);
            }
        }
    }

    /// <summary>Any mix of events: works out each recipient's share of the batch, in order.</summary>
    private void DeliverMixed(IReadOnlyList<ReceivedEvent> batch, FramesOf frames, SendBatch sends, int[] recipients)
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
                    if (chatEvent.IsFor(session.User!, session.Token) && frames.IsNew(session, i))
                    {
                        Add(session, i);
                    }
                }
            }
            else
            {
                foreach (var user in chatEvent.To)
                {
                    if (registry.TryGet(user, out var session) && chatEvent.IsForLogin(session.Token) && frames.IsNew(session, i))
                    {
                        Add(session, i);
                    }
                }
            }
        }

        foreach (var (session, share) in shares)
        {
            if (sends.Send(session, share.Count == 1 ? frames.For(session, share[0]) : frames.Concat(session, share)))
            {
                share.ForEach(i => recipients[i]++);
            }
        }
    }

    /// <summary>
    /// A batch's frames, rendered once: as the seed's clients read them, and (made only when a client that
    /// resumes is among the recipients) with each line's log id in front, "@{id} {line}".
    /// </summary>
    private sealed class FramesOf(IReadOnlyList<ReceivedEvent> batch)
    {
        private readonly byte[][] _plain = [.. batch.Select(e => FrameWriter.Encode(ChatText.Render(e.Event)))];
        private byte[][]? _withIds;
        private byte[]? _all;
        private byte[]? _allWithIds;

        public byte[][] WithIds => _withIds ??= [.. batch.Select(e => FrameWriter.Encode(ChatText.WithLogId(e.Id, ChatText.Render(e.Event))))];

        /// <summary>False for a line a catch-up sent the session already (see <see cref="ChatSession.SkipThrough"/>).</summary>
        public bool IsNew(ChatSession session, int i) => batch[i].Id > session.SkipThrough;

        public byte[] For(ChatSession session, int i) => session.WantsLogIds ? WithIds[i] : _plain[i];

        public byte[] All(ChatSession session) => session.WantsLogIds
            ? _allWithIds ??= Join(WithIds, Enumerable.Range(0, batch.Count))
            : _all ??= Join(_plain, Enumerable.Range(0, batch.Count));

        public byte[] Concat(ChatSession session, IEnumerable<int> which) => Join(session.WantsLogIds ? WithIds : _plain, which);

        private static byte[] Join(byte[][] frames, IEnumerable<int> which)
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
}
