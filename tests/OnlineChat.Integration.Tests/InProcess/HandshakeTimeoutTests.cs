using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>Connections that never finish the handshake do not hold a slot for long.</summary>
public sealed class HandshakeTimeoutTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(1, new() { ["Gateway:HandshakeTimeout"] = "00:00:01" });

    [Fact]
    public async Task A_client_that_never_sends_a_username_is_told_and_dropped()
    {
        await using var silent = await ChatTestClient.ConnectAsync(Cluster.Gateway(1));
        Assert.Equal(ChatText.Ack, await silent.ReceiveAsync());
        Assert.Equal([ChatText.Error("No username received within 1 second.")], await silent.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_client_that_sends_half_a_username_frame_and_stalls_is_dropped_too()
    {
        await using var stalled = await ChatTestClient.ConnectAsync(Cluster.Gateway(1));
        Assert.Equal(ChatText.Ack, await stalled.ReceiveAsync());
        await stalled.SendRawAsync("5,al"u8.ToArray());
        Assert.Equal([ChatText.Error("No username received within 1 second.")], await stalled.ReadUntilClosedAsync());

        await using var fine = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "fine");
        Assert.Equal("fine", fine.Name);
    }
}
