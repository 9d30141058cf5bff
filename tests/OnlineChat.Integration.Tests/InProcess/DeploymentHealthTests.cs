using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A gateway wired to another deployment's presence and Redis (a second AppHost's, say) must not look
/// Healthy while every login through it would fail; one of the right deployment beside it must.
/// </summary>
public sealed class DeploymentHealthTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(
        2,
        presenceSettings: new() { ["Deployment:Id"] = "blue" },
        configureGateway: (n, builder) => builder.Configuration["Deployment:Id"] = n == 1 ? "blue" : "green");

    [Fact]
    public async Task A_gateway_of_another_deployment_is_unhealthy_and_says_whose_its_backends_are()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync(1)).Status == HealthStatus.Healthy, "gateway 1 (blue, like its presence and Redis) is Healthy");

        HealthReport report = null!;
        await Eventually.TrueAsync(async () => (report = await HealthAsync(2)).Status == HealthStatus.Unhealthy, "gateway 2 (green) is Unhealthy");
        Assert.Contains("belongs to deployment blue, not to this one (green)", report.Entries["gateway-lease"].Description);
    }

    [Fact]
    public async Task A_gateway_whose_presence_is_unreachable_is_unhealthy()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync(1)).Status == HealthStatus.Healthy, "gateway 1 is Healthy");
        await Cluster.StopPresenceAsync();

        HealthReport report = null!;
        await Eventually.TrueAsync(async () => (report = await HealthAsync(1)).Status == HealthStatus.Unhealthy, "gateway 1 is Unhealthy without presence");
        Assert.Contains("presence service is unreachable", report.Entries["gateway-lease"].Description);

        await Cluster.RestartPresenceAsync();
        await Eventually.TrueAsync(async () => (await HealthAsync(1)).Status == HealthStatus.Healthy, "gateway 1 is Healthy again");
    }

    private Task<HealthReport> HealthAsync(int gateway) =>
        Cluster.Services(gateway).GetRequiredService<HealthCheckService>().CheckHealthAsync();
}
