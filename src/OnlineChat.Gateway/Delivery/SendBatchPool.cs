using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// Hands out <see cref="SendBatch"/>es, each with its own io_uring, and takes them back: a ring serves one
/// thread at a time, and only the delivering threads (one per subscribed channel) use them, so few are made.
/// Whether rings are used at all is decided once, at start, and logged.
/// </summary>
public sealed class SendBatchPool : IDisposable
{
    /// <summary>Sends per system call; a gateway's fan-out to its share of a large room fits in one or a few.</summary>
    private const uint RingEntries = 1024;

    private readonly ConcurrentBag<SendBatch> _idle = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    public SendBatchPool(IOptions<GatewayOptions> options, ILogger<SendBatchPool> logger)
    {
        string? unavailable = "turned off (Gateway:BatchedSends=false)";
        if (options.Value.BatchedSends && IoUring.TryCreate(RingEntries, out unavailable) is { } ring)
        {
            UsesIoUring = true;
            _idle.Add(new SendBatch(this, ring));
        }

        GatewayLog.SendPath(logger, UsesIoUring ? "one io_uring submission per fan-out" : "one send() per recipient", unavailable ?? "available");
    }

    /// <summary>True when fan-outs are sent through io_uring.</summary>
    public bool UsesIoUring { get; }

    public SendBatch Rent()
    {
        if (_idle.TryTake(out var batch))
        {
            return batch;
        }

        // A ring that cannot be made now (out of memory or locked-memory limit) just means sends one by one.
        return new SendBatch(this, UsesIoUring ? IoUring.TryCreate(RingEntries, out _) : null);
    }

    internal void Return(SendBatch batch)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _idle.Add(batch);
                return;
            }
        }

        batch.DisposeRing();
    }

    /// <summary>
    /// Frees the idle rings; a batch still in use frees its own when returned (unmapping a ring while a
    /// delivery is inside it would crash the process on its way out).
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        while (_idle.TryTake(out var batch))
        {
            batch.DisposeRing();
        }
    }
}
