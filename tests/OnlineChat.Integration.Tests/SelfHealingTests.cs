using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// An operator's crash drill: each resource killed with SIGKILL is started again by the AppHost by itself,
/// and the system is then fully usable. One system for the class; each test waits until all is healthy.
/// </summary>
public sealed class SelfHealingTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    /// <summary>From the kill to a new process that reports Healthy. Typically 3-6 s here; generous for CI.</summary>
    private static readonly TimeSpan BackBound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_killed_gateway_is_started_again_and_chats_with_the_others()
    {
        var gateway = ChatSystemFixture.GatewayName(3);
        await KillAndWaitForRestartAsync(gateway);

        await using var before = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("before"));
        await using var after = await ChatTestClient.LoginAsync(system.Gateway(3), ChatTestClient.UniqueName("after"));
        await after.SendAsync($"/pm {before.Name} back again");
        await before.WaitForAsync($"(PM) {after.Name}: back again\n");
    }

    [Fact]
    public async Task A_killed_presence_service_is_started_again_and_every_gateway_logs_users_in()
    {
        await KillAndWaitForRestartAsync("presence");

        for (var n = 1; n <= ChatSystemFixture.GatewayCount; n++)
        {
            await using var user = await ChatTestClient.LoginAsync(system.Gateway(n), ChatTestClient.UniqueName($"gw{n}"));
            await user.SendAsync("/lo");
            Assert.Contains(user.Name, await user.ReceiveAsync());
        }
    }

    [Fact]
    public async Task A_killed_redis_server_is_started_again_and_a_user_who_stayed_connected_keeps_chatting()
    {
        await using var stayer = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("stayer"));

        var restarted = Stopwatch.StartNew();
        await KillAndWaitForRestartAsync("redis-server");

        // The gateways notice the outage and take their leases again on their own schedule; a person whose
        // login is refused meanwhile ("try again") tries again.
        await using var newcomer = await ChatTestClient.LoginWhenPossibleAsync(system.Gateway(2), ChatTestClient.UniqueName("newcomer"), BackBound - restarted.Elapsed);
        var group = ChatTestClient.UniqueName("after_redis");
        await newcomer.SendAsync($"/cg {group}");
        await newcomer.WaitForAsync($"Group {group} created.\n");
        await newcomer.SendAsync($"/pm {stayer.Name} still there?");
        await stayer.WaitForAsync($"(PM) {newcomer.Name}: still there?\n");
    }

    [Fact]
    public async Task Accounts_groups_and_their_modes_survive_a_restart_of_redis_server()
    {
        const string password = "kept on disk";
        var name = ChatTestClient.UniqueName("keeper");
        var group = ChatTestClient.UniqueName("kept");
        await using (var owner = await ChatTestClient.LoginAsync(system.Gateway(1), name))
        {
            await owner.SendAsync($"/register {password}");
            Assert.Equal(OnlineChat.Protocol.ChatText.Registered(name), await owner.ReceiveAsync());
            await owner.SendAsync($"/cg {group}");
            await owner.WaitForAsync($"Group {group} created.\n");
            await owner.SendAsync($"/private {group}");
            await owner.WaitForAsync(OnlineChat.Protocol.ChatText.GroupNowPrivate(group));

            // The dashboard's Restart: redis-server stops (writing its append-only file) and starts again.
            var oldPid = system.ProcessId("redis-server");
            var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
            var restarted = await commands.ExecuteCommandAsync("redis-server", KnownResourceCommands.RestartCommand);
            Assert.True(restarted.Success, restarted.Message);
            // A new process, healthy, by whatever way: a start that fails (now and then the new process finds the
            // old one still on the port) is started again by the AppHost, which is what a user relies on too.
            // (The old process's "Running, Healthy" can still be the snapshot when the command returns.)
            await WaitForNewHealthyProcessAsync("redis-server", oldPid);

            // Presence and the gateways reconnect on their own schedule; meanwhile the answer is "try again".
            var groups = await owner.AskWhenPossibleAsync("/listallg", "Groups:", BackBound);
            Assert.Contains($"  {group} (owner {name}, 1 member, invite-only)\n", groups);
            await using var other = await ChatTestClient.LoginWhenPossibleAsync(system.Gateway(2), ChatTestClient.UniqueName("other"), BackBound);
            await other.SendAsync($"/jg {group}");
            Assert.Equal(OnlineChat.Protocol.ChatText.InviteOnly, await other.ReceiveAsync());
            await owner.SendAsync($"/members {group}");
            Assert.Equal($"Members of {group}: {name} (owner)\n", await owner.WaitForMembersAsync());
        }

        await using var again = await ChatTestClient.LoginWhenPossibleAsync(system.Gateway(3), "guest", BackBound);
        Assert.Equal(OnlineChat.Protocol.ChatText.LoggedIn(name), await again.AskWhenPossibleAsync($"/login {name} {password}", "You are logged in as ", BackBound));
    }

    /// <summary>Kills the resource's process and waits for a new one to be Running and Healthy.</summary>
    private async Task KillAndWaitForRestartAsync(string resource)
    {
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(BackBound);
        var killedAt = Stopwatch.StartNew();
        var oldPid = system.KillProcessOf(resource);

        await WaitForNewHealthyProcessAsync(resource, oldPid);
        Assert.True(killedAt.Elapsed < BackBound, $"{resource} took {killedAt.Elapsed.TotalSeconds:0.0} s to come back");
    }

    private Task WaitForNewHealthyProcessAsync(string resource, int oldPid) =>
        system.App.ResourceNotifications.WaitForResourceAsync(resource, e =>
                e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && ChatSystemFixture.ProcessId(e.Snapshot) is { } pid && pid != oldPid)
            .WaitAsync(BackBound);
}
