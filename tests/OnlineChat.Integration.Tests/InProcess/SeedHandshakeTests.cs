using System.Net.Sockets;
using System.Text;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The seed's Client.py reads each frame with one recv(1024) and keeps whatever else came in it: the final
/// name must come alone, or the welcome becomes part of the client's name and never shows. A client that
/// does not resume gets the handshake's frames apart (Gateway:SeedHandshakePause, 200 ms here so that a
/// busy test machine cannot blur them; 20 ms by default).
/// </summary>
public sealed class SeedHandshakeTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(1, gatewaySettings: new() { ["Gateway:SeedHandshakePause"] = "00:00:00.2" });

    [Fact]
    public async Task Each_handshake_frame_comes_in_a_read_of_its_own_as_the_seeds_client_reads_them()
    {
        await Cluster.RegisterAccountAsync("teacher", "teacher's password");

        for (var i = 0; i < 3; i++)
        {
            using var socket = await ConnectAsync();
            Assert.Equal(Frame(ChatText.Ack), await ReadOnceAsync(socket));
            await socket.SendAsync(FrameWriter.Encode($"student{i}"));
            Assert.Equal(Frame($"student{i}"), await ReadOnceAsync(socket));
            Assert.Equal(Frame(ChatText.Welcome), await ReadOnceAsync(socket));
        }

        // A message sent during the pauses is not lost: it follows the welcome.
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "other");
        using (var late = await ConnectAsync())
        {
            Assert.Equal(Frame(ChatText.Ack), await ReadOnceAsync(late));
            await late.SendAsync(FrameWriter.Encode("late"));
            Assert.Equal(Frame("late"), await ReadOnceAsync(late));
            await other.SendAsync("said while late was being welcomed");
            Assert.Equal(Frame(ChatText.Welcome), await ReadOnceAsync(late));
            Assert.Equal(Frame("other: said while late was being welcomed\n"), await ReadOnceAsync(late));
        }

        // Asking for an account's name: the free name, the welcome and the notice, each alone.
        using var guest = await ConnectAsync();
        Assert.Equal(Frame(ChatText.Ack), await ReadOnceAsync(guest));
        await guest.SendAsync(FrameWriter.Encode("teacher"));
        Assert.Equal(Frame("teacher1"), await ReadOnceAsync(guest));
        Assert.Equal(Frame(ChatText.Welcome), await ReadOnceAsync(guest));
        Assert.Equal(Frame(ChatText.NameIsRegistered("teacher")), await ReadOnceAsync(guest));
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Cluster.Gateway(1).Host, Cluster.Gateway(1).Port);
        return socket;
    }

    private static string Frame(string text) => Encoding.UTF8.GetString(FrameWriter.Encode(text));

    /// <summary>What one recv(1024) returns, as the seed's fetchMessage does it (every frame here fits).</summary>
    private static async Task<string> ReadOnceAsync(Socket socket)
    {
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
