using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineChat.Gateway;
using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// Fan-out sends made together through io_uring, over real loopback TCP connections with small kernel
/// buffers: the kernel's answers (all sent, part sent, buffer full, connection reset) all occur here.
/// The paused-reader and limit cases run for both send paths in <see cref="OutboundQueueTests"/>.
/// </summary>
public sealed class SendBatchTests
{
    /// <summary>
    /// Linux with io_uring switched on (kernels before 6.6 have no switch: there it is on unless a seccomp
    /// filter forbids it). Elsewhere the fallback is expected, and covered by the last test.
    /// </summary>
    private static bool IoUringExpected =>
        OperatingSystem.IsLinux() && (!File.Exists(IoUringSwitch) || File.ReadAllText(IoUringSwitch).Trim() == "0");

    private const string IoUringSwitch = "/proc/sys/kernel/io_uring_disabled";

    [SkippableFact]
    public void On_Linux_with_io_uring_enabled_fan_outs_use_it()
    {
        Skip.IfNot(IoUringExpected, "io_uring is not available here (not Linux, or switched off): the fallback is covered below");

        using var batches = NewBatches();
        Assert.True(batches.UsesIoUring, "the gateway fell back to one send() per recipient");
    }

    [SkippableFact]
    public async Task One_call_sends_to_every_socket_even_when_there_are_more_than_the_ring_holds()
    {
        using var ring = IoUring.TryCreate(8, out var unavailable);
        Assert.False(ring is null && IoUringExpected, unavailable);
        Skip.If(ring is null, $"io_uring is not available here: {unavailable}");
        var uring = ring!;

        const int sockets = 40;
        const int size = 100;
        var pairs = await Task.WhenAll(Enumerable.Range(0, sockets).Select(_ => SocketPair.ConnectAsync()));
        try
        {
            // One array, a different slice for each socket: a socket that got another's bytes would show it.
            var bytes = new byte[sockets * size];
            for (var i = 0; i < sockets; i++)
            {
                NumberedFrames.Make(i, size).CopyTo(bytes, i * size);
            }

            var ops = new SendOp[sockets];
            unsafe
            {
                fixed (byte* start = bytes)
                {
                    for (var i = 0; i < sockets; i++)
                    {
                        ops[i] = new SendOp { Fd = (int)pairs[i].Server.Handle, Buffer = (nint)(start + i * size), Length = size };
                    }

                    uring.SendAll(ops);
                }
            }

            Assert.All(ops, op => Assert.Equal(size, op.Result));
            for (var i = 0; i < sockets; i++)
            {
                var received = new byte[size];
                using var stream = new NetworkStream(pairs[i].Client, ownsSocket: false);
                await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Eventually.DefaultDeadline);
                Assert.Equal(bytes.AsSpan(i * size, size).ToArray(), received);
            }
        }
        finally
        {
            foreach (var pair in pairs)
            {
                pair.Dispose();
            }
        }
    }

    [Fact]
    public async Task Batched_and_direct_sends_to_several_clients_keep_each_ones_order_while_readers_fall_behind()
    {
        using var batches = NewBatches();
        using var first = await SocketPair.ConnectAsync();
        using var second = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queues = new[] { first, second }
            .Select(pair => pair.NewQueue(64 * 1024 * 1024, (f, _) => failures.Add(f)))
            .ToArray();

        // 5 MB to each, faster than they read: batches find the kernel's buffer full, part full or free. A batch
        // carries two frames for each client (the second queues behind the first, still in flight), and every
        // third frame goes the direct way in between. Any overtaking shows as a number out of order.
        const int frames = 5000;
        var reading = new[] { first, second }.Select(pair => Task.Run(async () =>
        {
            using var stream = new NetworkStream(pair.Client);
            await NumberedFrames.ReadAsync(stream, frames, 1000);
        })).ToArray();

        for (var i = 0; i < frames;)
        {
            if (i % 3 == 0)
            {
                var frame = NumberedFrames.Make(i++, 1000);
                Assert.All(queues, queue => Assert.True(queue.TrySend(frame)));
                continue;
            }

            using var batch = batches.Rent();
            for (var end = Math.Min(i + 2, frames); i < end; i++)
            {
                var frame = NumberedFrames.Make(i, 1000);
                Assert.All(queues, queue => Assert.True(batch.Send(queue, frame)));
            }
        }

        foreach (var queue in queues)
        {
            queue.Complete();
        }

        await Task.WhenAll(reading).WaitAsync(Eventually.DefaultDeadline);
        await Task.WhenAll(queues.Select(q => q.Drained)).WaitAsync(Eventually.DefaultDeadline);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_claimed_send_the_kernel_refused_goes_ahead_of_what_queued_behind_it()
    {
        using var batches = NewBatches();
        using var pair = await SocketPair.ConnectAsync();
        var queue = pair.NewQueue(1024 * 1024, (_, _) => Assert.Fail("no failure expected"));

        // Fill the kernel's buffers behind the queue's back, a byte at a time so no frame is cut, so that the
        // queue is idle (its first frame is claimed) but the kernel refuses that frame when the batch is sent.
        var filler = 0;
        while (filler < 1_000_000 && pair.Server.Send([0], SocketFlags.None, out var error) == 1 && error == SocketError.Success)
        {
            filler++;
        }

        using (var batch = batches.Rent())
        {
            Assert.True(batch.Send(queue, NumberedFrames.Make(0, 1000))); // claimed: in flight until the flush
            Assert.True(batch.Send(queue, NumberedFrames.Make(1, 1000))); // queued behind it
        }

        queue.Complete();
        using var stream = new NetworkStream(pair.Client);
        await stream.ReadExactlyAsync(new byte[filler]).AsTask().WaitAsync(Eventually.DefaultDeadline);
        await NumberedFrames.ReadAsync(stream, 2, 1000).WaitAsync(Eventually.DefaultDeadline);
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task A_batched_send_to_a_client_that_has_gone_fails_once_and_the_others_still_get_theirs()
    {
        using var batches = NewBatches();
        using var gone = await SocketPair.ConnectAsync();
        using var present = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var goneQueue = gone.NewQueue(1024 * 1024, (f, _) => failures.Add(f));
        var presentQueue = present.NewQueue(1024 * 1024, (_, _) => Assert.Fail("no failure expected"));
        gone.Client.LingerState = new LingerOption(true, 0); // close with a reset, as a crashed client does
        gone.Client.Close();

        // The kernel may take a first send before it has seen the reset; a later one fails.
        var sent = 0;
        await Eventually.TrueAsync(() =>
        {
            using var batch = batches.Rent();
            batch.Send(goneQueue, NumberedFrames.Make(sent, 100));
            Assert.True(batch.Send(presentQueue, NumberedFrames.Make(sent++, 100)));
            return failures.Count > 0;
        }, "a batched send to the closed client fails");

        Assert.Equal([OutboundFailure.Broken], failures);
        using (var after = batches.Rent())
        {
            Assert.False(after.Send(goneQueue, NumberedFrames.Make(0, 100)), "a queue that failed refuses everything after");
        }

        using var stream = new NetworkStream(present.Client);
        await NumberedFrames.ReadAsync(stream, sent, 100).WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task Turned_off_each_send_is_made_at_once()
    {
        using var batches = NewBatches(batched: false);
        Assert.False(batches.UsesIoUring);
        using var pair = await SocketPair.ConnectAsync();
        var queue = pair.NewQueue(1024 * 1024, (_, _) => Assert.Fail("no failure expected"));

        var batch = batches.Rent();
        Assert.True(batch.Send(queue, NumberedFrames.Make(0, 100)));

        // Not flushed yet: without a ring the frame must already be on its way.
        using var stream = new NetworkStream(pair.Client);
        await NumberedFrames.ReadAsync(stream, 1, 100).WaitAsync(Eventually.DefaultDeadline);
        batch.Dispose();
    }

    internal static SendBatchPool NewBatches(bool batched = true) =>
        new(Options.Create(new GatewayOptions { BatchedSends = batched }), NullLogger<SendBatchPool>.Instance);
}
