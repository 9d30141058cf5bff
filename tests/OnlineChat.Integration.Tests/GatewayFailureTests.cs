using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests;

/// <summary>A gateway that dies without a goodbye. Its own system, since the test kills part of it.</summary>
public sealed class GatewayFailureTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    /// <summary>The bound: within 10 s of a gateway dying its users are offline for everyone.</summary>
    private static readonly TimeSpan OfflineBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Users_of_a_killed_gateway_go_offline_elsewhere_within_ten_seconds()
    {
        var group = ChatTestClient.UniqueName("crew");
        var name = ChatTestClient.UniqueName("doomed");
        await using var survivor = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("survivor"));
        await using var doomed = await ChatTestClient.LoginAsync(system.Gateway(3), name);
        await survivor.SendAsync($"/cg {group}");
        await survivor.WaitForAsync($"Group {group} created.\n");
        await doomed.SendAsync($"/jg {group}");
        await survivor.WaitForAsync($"{name} has joined group {group}.\n");

        var killedAt = Stopwatch.StartNew();
        system.KillProcessOf(ChatSystemFixture.GatewayName(3));

        await survivor.WaitForAsync($"{name} has just left group {group}.\n");
        await survivor.WaitForAsync($"{name} has gone offline.\n");
        Assert.True(killedAt.Elapsed < OfflineBound, $"took {killedAt.Elapsed.TotalSeconds:0.0} s");

        await using var reborn = await ChatTestClient.LoginAsync(system.Gateway(2), name);
        Assert.Equal(name, reborn.Name);
    }

    [Fact]
    public async Task The_dashboard_drain_command_moves_a_gateways_users_and_resume_takes_clients_again()
    {
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var name = ChatTestClient.UniqueName("mover");
        await using var mover = await ChatTestClient.LoginAsync(system.Gateway(2), name);

        var drained = await commands.ExecuteCommandAsync(ChatSystemFixture.GatewayName(2), "drain");
        Assert.True(drained.Success, drained.Message);
        // What the dashboard shows: Degraded with the gateway's own reason, not Healthy because /health said 200.
        var degraded = await system.App.ResourceNotifications.WaitForResourceAsync(ChatSystemFixture.GatewayName(2),
            e => e.Snapshot.HealthStatus == HealthStatus.Degraded).WaitAsync(ChatSystemFixture.StartTimeout);
        Assert.Contains(degraded.Snapshot.HealthReports, r => r.Status == HealthStatus.Degraded && r.Description!.Contains("Draining", StringComparison.Ordinal));
        Assert.Equal(ChatText.Draining, (await mover.ReadUntilClosedAsync())[^1]);
        await using (var newcomer = await ChatTestClient.ConnectAsync(system.Gateway(2)))
        {
            Assert.Equal(ChatText.Error(ChatText.GatewayDraining), (await newcomer.ReadUntilClosedAsync())[^1]);
        }

        await using var moved = await ChatTestClient.LoginAsync(system.Gateway(1), name);
        Assert.Equal(name, moved.Name);

        var resumed = await commands.ExecuteCommandAsync(ChatSystemFixture.GatewayName(2), "resume");
        Assert.True(resumed.Success, resumed.Message);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync(ChatSystemFixture.GatewayName(2)).WaitAsync(ChatSystemFixture.StartTimeout);
        await using var welcome = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("after"));
    }
}
