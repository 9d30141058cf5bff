using System.IO.Pipelines;
using System.Net.Sockets;
using OnlineChat.Gateway;
using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// The per-client send queue over a real loopback TCP connection with small kernel buffers, so the
/// direct send fills them quickly and the queued path is exercised as well. The paused-reader and limit
/// cases run for batched sends too (the rest of those are in <see cref="SendBatchTests"/>).
/// </summary>
public sealed class OutboundQueueTests
{
    [Fact]
    public async Task Frames_keep_their_order_while_a_reader_falls_behind_and_catches_up()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = pair.NewQueue(64 * 1024 * 1024, (f, _) => failures.Add(f));

        // 5 MB sent faster than the reader takes it, while it reads: the kernel's small buffers keep filling
        // and freeing, so frames alternate between the direct send and the queue, and must never overtake.
        const int frames = 5000;
        var reading = Task.Run(async () =>
        {
            using var stream = new NetworkStream(pair.Client);
            await NumberedFrames.ReadAsync(stream, frames, 1000);
        });

        for (var i = 0; i < frames; i++)
        {
            Assert.True(queue.TrySend(NumberedFrames.Make(i, 1000)));
        }

        queue.Complete();
        await reading.WaitAsync(Eventually.DefaultDeadline);
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_waits_for_a_paused_reader_is_sent_when_it_reads_again(bool batched)
    {
        using var batches = SendBatchTests.NewBatches();
        var send = Sender(batches, batched);
        using var pair = await SocketPair.ConnectAsync();
        var queue = pair.NewQueue(64 * 1024 * 1024, (_, _) => Assert.Fail("no failure expected"));

        // 2 MB while nobody reads: far more than the two small kernel buffers, so most of it must wait.
        const int frames = 2000;
        for (var i = 0; i < frames; i++)
        {
            Assert.True(send(queue, NumberedFrames.Make(i, 1000)));
        }

        queue.Complete();
        Assert.False(queue.Drained.IsCompleted, "a queue that outgrew the kernel's buffers is not drained before the reader reads");

        using var stream = new NetworkStream(pair.Client);
        await NumberedFrames.ReadAsync(stream, frames, 1000).WaitAsync(Eventually.DefaultDeadline);

        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task Room_is_there_while_at_most_half_the_limit_waits_and_comes_back_as_the_reader_reads()
    {
        using var pair = await SocketPair.ConnectAsync();
        var queue = pair.NewQueue(1000 * 1000, (_, _) => Assert.Fail("no failure expected"));
        Assert.True(queue.RoomAsync().IsCompleted, "an empty queue has room");

        // 900 KB while nobody reads: the small kernel buffers take a few tens of KB, so more than half the limit waits.
        const int frames = 900;
        for (var i = 0; i < frames; i++)
        {
            Assert.True(queue.TrySend(NumberedFrames.Make(i, 1000)));
        }

        var room = queue.RoomAsync();
        Assert.False(room.IsCompleted, "more than half the limit waits");

        using var stream = new NetworkStream(pair.Client);
        await NumberedFrames.ReadAsync(stream, frames, 1000).WaitAsync(Eventually.DefaultDeadline);
        await room.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task A_queue_that_is_ending_has_room_so_that_nobody_waits_on_it_for_ever()
    {
        using var pair = await SocketPair.ConnectAsync();
        var queue = pair.NewQueue(1000 * 1000, (_, _) => Assert.Fail("no failure expected"));
        for (var i = 0; i < 900; i++)
        {
            Assert.True(queue.TrySend(NumberedFrames.Make(i, 1000)));
        }

        var room = queue.RoomAsync();
        Assert.False(room.IsCompleted, "more than half the limit waits");
        queue.Complete();
        await room.WaitAsync(Eventually.DefaultDeadline);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reader_that_never_reads_is_cut_off_at_the_limit_and_told_once(bool batched)
    {
        using var batches = SendBatchTests.NewBatches();
        var send = Sender(batches, batched);
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = pair.NewQueue(64 * 1024, (f, _) => failures.Add(f));

        var accepted = 0;
        for (var i = 0; i < 10_000 && send(queue, NumberedFrames.Make(i, 1000)); i++)
        {
            accepted++;
        }

        Assert.InRange(accepted, 64, 9_999); // took the queue's 64 KiB plus whatever the kernel held, then refused
        Assert.False(send(queue, NumberedFrames.Make(0, 10)), "a queue that gave up refuses everything after");
        Assert.Equal([OutboundFailure.Overflow], failures);
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task Sending_to_a_client_that_has_gone_fails_once_without_throwing()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = pair.NewQueue(1024 * 1024, (f, _) => failures.Add(f));
        pair.Client.LingerState = new LingerOption(true, 0); // close with a reset, as a crashed client does
        pair.Client.Close();

        // The first send may still be accepted before the reset is seen; a later one must fail.
        await Eventually.TrueAsync(() => !queue.TrySend(NumberedFrames.Make(1, 100)), "a send to the closed client is refused");
        Assert.Equal([OutboundFailure.Broken], failures);
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
    }

    [Fact]
    public async Task A_claimed_send_whose_outcome_is_unknown_ends_the_connection_with_its_reason_and_is_never_sent_again()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<(OutboundFailure Failure, string Reason)>();
        var queue = pair.NewQueue(1024 * 1024, (f, reason) => failures.Add((f, reason)));
        var frames = NumberedFrames.Make(0, 1000);

        // What SendBatch does when its ring fails after submitting: the kernel may have sent part of it.
        Assert.Equal(SendClaim.Claimed, queue.TryClaim(frames, out _));
        queue.Release(frames, OutboundQueue.SendStateUnknown);

        var (failure, reason) = Assert.Single(failures);
        Assert.Equal(OutboundFailure.Broken, failure);
        Assert.Contains("broken frame", reason);
        Assert.False(queue.TrySend(NumberedFrames.Make(1, 10)), "a queue that gave up refuses everything after");
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
        Assert.Equal(0, pair.Client.Available); // nothing was resent
    }

    [Fact]
    public async Task Without_a_socket_frames_go_through_the_pipe_in_order()
    {
        var pipe = new Pipe();
        var queue = new OutboundQueue(null, pipe.Writer, 1024 * 1024, (_, _) => Assert.Fail("no failure expected"));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TrySend(NumberedFrames.Make(i, 8)));
        }

        queue.Complete();
        await queue.Drained.WaitAsync(Eventually.DefaultDeadline);
        pipe.Writer.Complete();

        using var stream = pipe.Reader.AsStream();
        await NumberedFrames.ReadAsync(stream, 100, 8).WaitAsync(Eventually.DefaultDeadline);
    }

    /// <summary>
    /// One frame sent the direct way (<see cref="OutboundQueue.TrySend"/>, as replies go) or the way a fan-out
    /// sends it (claimed and sent in a <see cref="SendBatch"/>): both must keep the queue's promises.
    /// </summary>
    private static Func<OutboundQueue, byte[], bool> Sender(SendBatchPool batches, bool batched) => batched
        ? (queue, frame) =>
        {
            using var batch = batches.Rent();
            return batch.Send(queue, frame);
        }
        : (queue, frame) => queue.TrySend(frame);
}
