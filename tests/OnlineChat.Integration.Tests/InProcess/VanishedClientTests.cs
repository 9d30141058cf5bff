using System.Net;
using System.Net.Sockets;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A seed client that goes silent without closing its connection (its packets stop arriving, as when a laptop
/// is shut) is logged out within Gateway:DeadConnectionTimeout, here its smallest, 10 s: everyone reads that it
/// went offline, and its name is free again. Before, it stayed online until a send to it failed after about
/// 15 minutes, or for good while nobody wrote.
/// </summary>
public sealed class VanishedClientTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2, gatewaySettings: new() { ["Gateway:DeadConnectionTimeout"] = "00:00:10" });

    [SkippableFact]
    public async Task A_client_whose_packets_stop_arriving_goes_offline_within_the_timeout()
    {
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        var gateway = Cluster.Gateway(1);
        using var ann = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await ann.ConnectAsync(new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port));
        await ann.SendAsync(FrameWriter.Encode("ann"));
        await bob.WaitForAsync("ann is now online.\n");

        var (firewall, reason) = Firewall.TryDropFrom(((IPEndPoint)ann.LocalEndPoint!).Port);
        Skip.If(firewall is null, reason);
        using (firewall)
        {
            // Within the 15 s a test client waits for a line: 10 s of silence and unanswered probes, and the logout.
            await bob.WaitForAsync("ann has gone offline.\n");
        }

        await using var annAgain = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        Assert.Equal("ann", annAgain.Name);
    }
}
