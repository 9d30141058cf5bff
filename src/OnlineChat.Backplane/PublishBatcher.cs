using System.Diagnostics;
using System.Threading.Channels;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>One message for Scripts/publish.lua: who gets it (audience kind and target), its sender, the envelope, and whether it is numbered.</summary>
public sealed record PublishRequest(string Audience, string Target, string Sender, byte[] Envelope, bool KeepInHistory, ClientFrame? Frame);

/// <summary>
/// The one writer of a process's publishes: whatever callers hand in while a script call is on its way to
/// Redis goes out together in the next call, with every gateway's lines of that batch in one PUBLISH. One
/// message at a time when traffic is light (no waiting to fill a batch), dozens when it is heavy: Redis runs
/// one script and writes one reply per batch instead of per message, and a receiving gateway wakes once per
/// batch. Order is the order of <see cref="PublishAsync"/> calls, which is what the log gets.
/// </summary>
public sealed class PublishBatcher
{
    /// <summary>Messages per script call: enough to amortise a call, few enough that Redis is never held long.</summary>
    public const int MaxMessages = 64;

    /// <summary>Envelope bytes per script call, so a batch of large messages stays one modest publish per gateway.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int ValuesPerMessage = 7;

    /// <summary>What the script answers per message: status, log id, a PM's recipient.</summary>
    private const int ValuesPerResult = 3;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IConnectionMultiplexer _redis;
    private readonly Func<RedisValue[]> _header;

    /// <param name="header">The script's first values (prefix, channel prefix, limits), read again for every batch: the age limit moves with the clock.</param>
    public PublishBatcher(IConnectionMultiplexer redis, Func<RedisValue[]> header)
    {
        _redis = redis;
        _header = header;
        _ = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues the message; completes with the script's status for it, its log id (zero when not logged) and a
    /// PM's recipient as spelled ("" otherwise).
    /// </summary>
    public Task<(string Status, LogId Id, string Recipient)> PublishAsync(PublishRequest request)
    {
        var pending = new Pending(request);
        _queue.Writer.TryWrite(pending); // Unbounded and never completed: always accepted.
        return pending.Result.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxMessages);
        while (await _queue.Reader.WaitToReadAsync())
        {
            var bytes = 0;
            while (batch.Count < MaxMessages && (batch.Count == 0 || bytes < MaxBytes) && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                bytes += next.Request.Envelope.Length;
            }

            await SendAsync(batch);
            batch.Clear();
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            var header = _header();
            var args = new RedisValue[header.Length + (batch.Count * ValuesPerMessage)];
            header.CopyTo(args, 0);
            var at = header.Length;
            foreach (var pending in batch)
            {
                var request = pending.Request;
                args[at++] = request.Audience;
                args[at++] = request.Target;
                args[at++] = request.Sender;
                args[at++] = request.Envelope;
                args[at++] = request.KeepInHistory ? "1" : "0";
                args[at++] = request.Frame?.Secret ?? "";
                args[at++] = request.Frame?.Number ?? 0;
            }

            var started = Stopwatch.GetTimestamp();
            var results = (RedisResult[])(await DirectoryScripts.Publish.EvaluateAsync(_redis.GetDatabase(), [], args))!;
            BackplaneTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            BackplaneTelemetry.PublishBatchSize.Record(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var id = (string?)results[(ValuesPerResult * i) + 1];
                batch[i].Result.TrySetResult(((string)results[ValuesPerResult * i]!, string.IsNullOrEmpty(id) ? LogId.Zero : LogId.Parse(id), (string?)results[(ValuesPerResult * i) + 2] ?? ""));
            }
        }
        catch (Exception ex)
        {
            // Redis unreachable, a timeout, a script error: every caller of the batch sees it, as it would have alone.
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(ex);
            }
        }
    }

    /// <summary>
    /// A queued message and its caller's result. Continuations run on the thread pool, not on this writer:
    /// a caller's next steps (its reply, its next frame) must not hold up the next batch.
    /// </summary>
    private sealed class Pending(PublishRequest request)
    {
        public PublishRequest Request { get; } = request;

        public TaskCompletionSource<(string Status, LogId Id, string Recipient)> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
