using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Services of one deployment given different Backplane:PubSub (one machine's environment forgotten): a gateway
/// on classic pub/sub never hears what presence publishes on sharded pub/sub, so it must not look Healthy.
/// </summary>
public sealed class PubSubMismatchTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(
        1, presenceSettings: new() { ["Backplane:PubSub"] = "sharded" });

    [Fact]
    public async Task A_gateway_whose_pub_sub_differs_from_presences_is_unhealthy_and_says_which_setting()
    {
        HealthReport report = null!;
        await Eventually.TrueAsync(
            async () => (report = await Cluster.Services(1).GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["gateway-lease"].Description?.Contains("pub/sub") == true,
            "gateway 1 reports the pub/sub mismatch");
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("The presence service uses sharded pub/sub and this gateway classic (Backplane:PubSub)", report.Entries["gateway-lease"].Description);
    }
}
