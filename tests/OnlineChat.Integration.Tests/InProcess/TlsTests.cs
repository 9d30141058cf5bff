using System.Security.Authentication;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Gateway;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The TLS chat port: the same framing inside, a client that pins the certificate, and plain clients alike.</summary>
public sealed class TlsTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2, new() { ["Gateway:TlsPort"] = "-1" });

    private Uri TlsGateway(int n) => new($"tcp://127.0.0.1:{Cluster.Services(n).GetRequiredService<ChatEndpoint>().TlsPort}");

    private string Fingerprint(int n) =>
        Convert.ToHexString(Cluster.Services(n).GetRequiredService<ChatEndpoint>().TlsCertificate!.GetCertHash(HashAlgorithmName.SHA256));

    [Fact]
    public async Task A_tls_client_chats_with_a_plain_one_on_another_gateway()
    {
        await using var secure = await ChatTestClient.LoginAsync(TlsGateway(1), "secure", Fingerprint(1));
        await using var plain = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "plain");

        await plain.SendAsync("/pm secure over plain TCP");
        await secure.WaitForAsync("(PM) plain: over plain TCP\n");
        await secure.SendAsync("/pm plain over TLS");
        await plain.WaitForAsync("(PM) secure: over TLS\n");
    }

    [Fact]
    public async Task A_client_refuses_a_certificate_that_is_not_the_pinned_one_or_not_trusted()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => ChatTestClient.ConnectAsync(TlsGateway(1), new string('A', 64)));

        using var cancel = new CancellationTokenSource(ChatTestClient.Deadline);
        // No pin: the self-signed certificate is not in the system's store, so the client refuses it.
        await Assert.ThrowsAsync<AuthenticationException>(() =>
            OnlineChat.Client.FrameConnection.ConnectAsync("127.0.0.1", TlsGateway(1).Port, cancel.Token, tls: true));
    }
}
