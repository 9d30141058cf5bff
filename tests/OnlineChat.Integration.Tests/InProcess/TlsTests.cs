using System.Security.Authentication;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The TLS chat port: the same framing inside, a client that pins the certificate, and plain clients alike.</summary>
public sealed class TlsTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2, new() { ["Gateway:TlsPort"] = "-1" });

    [Fact]
    public async Task A_tls_client_chats_with_a_plain_one_on_another_gateway()
    {
        await using var secure = await ChatTestClient.LoginAsync(Cluster.TlsGateway(1), "secure", Cluster.TlsFingerprint(1));
        await using var plain = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "plain");

        await plain.SendAsync("/pm secure over plain TCP");
        await secure.WaitForAsync("(PM) plain: over plain TCP\n");
        await secure.SendAsync("/pm plain over TLS");
        await plain.WaitForAsync("(PM) secure: over TLS\n");
    }

    [Fact]
    public async Task A_client_refuses_a_certificate_that_is_not_the_pinned_one_or_not_trusted()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => ChatTestClient.ConnectAsync(Cluster.TlsGateway(1), new string('A', 64)));

        using var cancel = new CancellationTokenSource(ChatTestClient.Deadline);
        // No pin: the self-signed certificate is not in the system's store, so the client refuses it.
        await Assert.ThrowsAsync<AuthenticationException>(() =>
            OnlineChat.Client.FrameConnection.ConnectAsync("127.0.0.1", Cluster.TlsGateway(1).Port, cancel.Token, tls: true));
    }
}
