namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A client gone without a goodbye (laptop shut, Wi-Fi lost) is found by TCP keepalive on the gateway's side
/// (DeadPeerDetection; its options read back in OnlineChat.Gateway.Tests, a silenced client in
/// VanishedClientTests). Here: a real gateway's accepted connections, plain and TLS, carry the keepalive
/// timer, as `ss` shows it to an operator.
/// </summary>
public sealed class DeadConnectionTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(1, new() { ["Gateway:TlsPort"] = "-1" });

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clients_connection_is_probed_once_it_has_been_silent_for_half_the_timeout(bool tls)
    {
        var gateway = tls ? Cluster.TlsGateway(1) : Cluster.Gateway(1);
        await using var ann = await ChatTestClient.LoginAsync(gateway, "ann", tls ? Cluster.TlsFingerprint(1) : null);

        var (exitCode, output) = CommandLine.Run("ss", "-tnoH", "state", "established", $"( sport = :{gateway.Port} )");
        Skip.If(exitCode == -1, $"ss (iproute2) is not installed: {output}");
        Assert.Equal(0, exitCode);
        // The default Gateway:DeadConnectionTimeout, 90 s: silent 45 s, then the probes.
        var timer = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"timer:\(keepalive,(4[0-5]|[1-3]?\d)sec,0\)", timer);
    }
}
