using System.Net.Sockets;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>A client that stops reading: disconnected once its queue is full, and nobody else slows down.</summary>
public sealed class SlowClientTests : ClusterTest
{
    private const int QueueLimitBytes = 256 * 1024;

    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2, new()
        {
            ["Gateway:OutboundQueueBytes"] = QueueLimitBytes.ToString(),
            ["Gateway:MessagesPerSecond"] = "0",
            ["Gateway:AddressMessagesPerSecond"] = "0",
        });

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_while_everyone_else_gets_every_message()
    {
        using var stuck = await LoginWithoutReadingAsync(Cluster.Gateway(1), "stuck");
        await using var reader = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "reader");
        await using var sender = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "sender");

        // ~10 MB in all: far more than the socket buffers and the 256 KiB queue hold together, so the stuck
        // client must overflow. The reader reads as it goes (25 messages
        // behind at most, well within its own queue) and must not lose a frame.
        const int messages = 2500;
        const int window = 25;
        var padding = new string('x', 4000);
        for (var start = 0; start < messages; start += window)
        {
            for (var i = start; i < start + window; i++)
            {
                await sender.SendAsync($"{i} {padding}");
            }

            for (var i = start; i < start + window; i++)
            {
                Assert.Equal($"sender: {i} {padding}\n", await reader.ReceiveAsync());
            }
        }

        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("stuck") is null,
            "the stuck client was disconnected and logged out");
    }

    /// <summary>Logs in over a raw socket with a tiny receive buffer, then never reads again.</summary>
    private static async Task<TcpClient> LoginWithoutReadingAsync(Uri gateway, string name)
    {
        var client = new TcpClient { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(gateway.Host, gateway.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(FrameWriter.Encode(name));
        // ACK, the name and the welcome arrive in the first reads; read them so the name is surely granted.
        var expected = FrameWriter.Encode(ChatText.Ack).Length + FrameWriter.Encode(name).Length + FrameWriter.Encode(ChatText.Welcome).Length;
        var buffer = new byte[expected];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(ChatTestClient.Deadline);
        return client;
    }
}
