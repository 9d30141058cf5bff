using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OnlineChat.Gateway;
using OnlineChat.Integration.Tests.InProcess;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The per-client send queue over a real loopback TCP connection with small kernel buffers, so the
/// direct send fills them quickly and the queued path is exercised as well.
/// </summary>
public sealed class OutboundQueueTests
{
    private const int SmallBuffer = 8 * 1024;

    [Fact]
    public async Task Frames_keep_their_order_while_a_reader_falls_behind_and_catches_up()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = new OutboundQueue(pair.Server, PipeWriter.Create(Stream.Null), 64 * 1024 * 1024, (f, _) => failures.Add(f));

        // 5 MB sent faster than the reader takes it, while it reads: the kernel's small buffers keep filling
        // and freeing, so frames alternate between the direct send and the queue, and must never overtake.
        const int frames = 5000;
        var reading = Task.Run(async () =>
        {
            using var stream = new NetworkStream(pair.Client);
            await ReadNumberedAsync(stream, frames, 1000);
        });

        for (var i = 0; i < frames; i++)
        {
            Assert.True(queue.TrySend(Numbered(i, 1000)));
        }

        queue.Complete();
        await reading.WaitAsync(ChatTestClient.Deadline);
        await queue.Drained.WaitAsync(ChatTestClient.Deadline);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task What_waits_for_a_paused_reader_is_sent_when_it_reads_again()
    {
        using var pair = await SocketPair.ConnectAsync();
        var queue = new OutboundQueue(pair.Server, PipeWriter.Create(Stream.Null), 64 * 1024 * 1024, (_, _) => Assert.Fail("no failure expected"));

        // 2 MB while nobody reads: far more than the two small kernel buffers, so most of it must wait.
        const int frames = 2000;
        for (var i = 0; i < frames; i++)
        {
            Assert.True(queue.TrySend(Numbered(i, 1000)));
        }

        queue.Complete();
        Assert.False(queue.Drained.IsCompleted, "a queue that outgrew the kernel's buffers is not drained before the reader reads");

        using var stream = new NetworkStream(pair.Client);
        await ReadNumberedAsync(stream, frames, 1000).WaitAsync(ChatTestClient.Deadline);

        await queue.Drained.WaitAsync(ChatTestClient.Deadline);
    }

    [Fact]
    public async Task A_reader_that_never_reads_is_cut_off_at_the_limit_and_told_once()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = new OutboundQueue(pair.Server, PipeWriter.Create(Stream.Null), 64 * 1024, (f, _) => failures.Add(f));

        var accepted = 0;
        for (var i = 0; i < 10_000 && queue.TrySend(Numbered(i, 1000)); i++)
        {
            accepted++;
        }

        Assert.InRange(accepted, 64, 9_999); // took the queue's 64 KiB plus whatever the kernel held, then refused
        Assert.False(queue.TrySend(Numbered(0, 10)), "a queue that gave up refuses everything after");
        Assert.Equal([OutboundFailure.Overflow], failures);
        await queue.Drained.WaitAsync(ChatTestClient.Deadline);
    }

    [Fact]
    public async Task Sending_to_a_client_that_has_gone_fails_once_without_throwing()
    {
        using var pair = await SocketPair.ConnectAsync();
        var failures = new List<OutboundFailure>();
        var queue = new OutboundQueue(pair.Server, PipeWriter.Create(Stream.Null), 1024 * 1024, (f, _) => failures.Add(f));
        pair.Client.LingerState = new LingerOption(true, 0); // close with a reset, as a crashed client does
        pair.Client.Close();

        // The first send may still be accepted before the reset is seen; a later one must fail.
        await Eventually.TrueAsync(() => !queue.TrySend(Numbered(1, 100)), "a send to the closed client is refused");
        Assert.Equal([OutboundFailure.Broken], failures);
        await queue.Drained.WaitAsync(ChatTestClient.Deadline);
    }

    [Fact]
    public async Task Without_a_socket_frames_go_through_the_pipe_in_order()
    {
        var pipe = new Pipe();
        var queue = new OutboundQueue(null, pipe.Writer, 1024 * 1024, (_, _) => Assert.Fail("no failure expected"));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TrySend(Numbered(i, 8)));
        }

        queue.Complete();
        await queue.Drained.WaitAsync(ChatTestClient.Deadline);
        pipe.Writer.Complete();

        using var stream = pipe.Reader.AsStream();
        await ReadNumberedAsync(stream, 100, 8).WaitAsync(ChatTestClient.Deadline);
    }

    /// <summary>Reads <paramref name="count"/> arrays made by <see cref="Numbered"/> and checks they come 0, 1, 2, … in order.</summary>
    private static async Task ReadNumberedAsync(Stream stream, int count, int size)
    {
        var buffer = new byte[size];
        for (var i = 0; i < count; i++)
        {
            await stream.ReadExactlyAsync(buffer);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(buffer));
        }
    }

    /// <summary>A frame-sized array whose first four bytes carry its number, so order can be checked.</summary>
    private static byte[] Numbered(int number, int size)
    {
        var bytes = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(bytes, number);
        return bytes;
    }

    /// <summary>Both ends of one loopback TCP connection, with small buffers on the sending side and the receiving side.</summary>
    private sealed class SocketPair(Socket server, Socket client) : IDisposable
    {
        public Socket Server { get; } = server;

        public Socket Client { get; } = client;

        public static async Task<SocketPair> ConnectAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = SmallBuffer };
            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await listener.AcceptAsync();
            server.SendBufferSize = SmallBuffer;
            server.NoDelay = true;
            return new SocketPair(server, client);
        }

        public void Dispose()
        {
            Server.Dispose();
            Client.Dispose();
        }
    }
}
