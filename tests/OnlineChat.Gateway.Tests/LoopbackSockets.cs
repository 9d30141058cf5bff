using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OnlineChat.Gateway;
using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway.Tests;

/// <summary>Both ends of one loopback TCP connection, with small buffers on the sending side and the receiving side.</summary>
internal sealed class SocketPair(Socket server, Socket client) : IDisposable
{
    /// <summary>Small enough that a few frames fill the kernel's buffers, so the queued path gets exercised.</summary>
    public const int SmallBuffer = 8 * 1024;

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

    /// <summary>A send queue on the server's end, as the gateway makes one (the pipe is unused with a socket).</summary>
    public OutboundQueue NewQueue(long limitBytes, Action<OutboundFailure, string> fail) =>
        new(Server, PipeWriter.Create(Stream.Null), limitBytes, fail);

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}

/// <summary>Frames that carry their number, so a reader can check that none was lost, repeated or reordered.</summary>
internal static class NumberedFrames
{
    /// <summary>A frame-sized array whose first four bytes carry its number.</summary>
    public static byte[] Make(int number, int size)
    {
        var bytes = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(bytes, number);
        return bytes;
    }

    /// <summary>Reads <paramref name="count"/> arrays made by <see cref="Make"/> and checks they come 0, 1, 2, … in order.</summary>
    public static async Task ReadAsync(Stream stream, int count, int size)
    {
        var buffer = new byte[size];
        for (var i = 0; i < count; i++)
        {
            await stream.ReadExactlyAsync(buffer);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(buffer));
        }
    }
}
