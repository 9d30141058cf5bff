using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Gateway;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>Per-address and per-gateway connection limits: a clear refusal, and nobody else notices.</summary>
public sealed class ConnectionLimitTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        // Gateway 1 limits per address, gateway 2 in total. Every test client comes from 127.0.0.1.
        ChatCluster.StartAsync(2, configureGateway: (n, builder) =>
            builder.Configuration.AddInMemoryCollection(n == 1
                ? new Dictionary<string, string?> { ["Gateway:MaxConnectionsPerAddress"] = "2", ["Gateway:MaxConnections"] = "0" }
                : new Dictionary<string, string?> { ["Gateway:MaxConnectionsPerAddress"] = "0", ["Gateway:MaxConnections"] = "2" }));

    [Fact]
    public async Task A_connection_over_the_per_address_limit_is_refused_and_a_freed_slot_is_reusable()
    {
        await using var first = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "first");
        await using var second = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "second");

        await using (var third = await ChatTestClient.ConnectAsync(Cluster.Gateway(1)))
        {
            Assert.Equal([ChatText.Error(ChatText.TooManyFromAddress(2))], await third.ReadUntilClosedAsync());
        }

        // The two admitted users chat on as if nothing happened.
        await first.SendAsync("/pm second unaffected");
        Assert.Equal("(PM) first: unaffected\n", await second.ReceiveAsync());

        await second.SendAsync("/quit");
        await second.ReadUntilClosedAsync();
        var admission = Cluster.Services(1).GetRequiredService<ConnectionAdmission>();
        await Eventually.TrueAsync(() => admission.Open == 1, "the quitter's slot is freed");
        await using var fourth = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "fourth");
        Assert.Equal("fourth", fourth.Name);
    }

    [Fact]
    public async Task A_full_gateway_says_so_and_points_elsewhere()
    {
        await using var a = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "a");
        await using var b = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "b");

        await using var c = await ChatTestClient.ConnectAsync(Cluster.Gateway(2));
        Assert.Equal([ChatText.Error(ChatText.GatewayFull(2))], await c.ReadUntilClosedAsync());
    }
}
