using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Redis goes away and comes back empty (a restart without persistence): connections survive, sends are
/// refused out loud meanwhile, and the directory is rebuilt by the gateways without anyone reconnecting.
/// </summary>
public class RedisOutageTests : ClusterTest
{
    [Fact]
    public async Task Users_are_told_sends_are_refused_and_everything_works_again_after_the_restart()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        await Cluster.Redis.StopAsync();
        await alice.WaitForAsync(ChatText.RelayDown);
        await bob.WaitForAsync(ChatText.RelayDown);

        await alice.SendAsync("anyone there?");
        Assert.Equal(ChatText.Error(ChatText.RelayUnavailable), await alice.ReceiveAsync());
        await using (var newcomer = await ChatTestClient.ConnectAsync(Cluster.Gateway(2)))
        {
            Assert.Equal(ChatText.Ack, await newcomer.ReceiveAsync());
            await newcomer.SendAsync("carol");
            Assert.Equal([ChatText.Error(ChatText.DirectoryUnavailable)], await newcomer.ReadUntilClosedAsync());
        }

        await Cluster.Redis.StartAgainAsync();
        await alice.WaitForAsync(ChatText.RelayBack);
        await bob.WaitForAsync(ChatText.RelayBack);
        await Eventually.TrueAsync(async () => await IsRegisteredAsync("alice") && await IsRegisteredAsync("bob"),
            "both users are back in the directory");

        await alice.SendAsync("back again");
        await bob.WaitForAsync("alice: back again\n");
        await bob.SendAsync("/pm alice welcome back");
        await alice.WaitForAsync("(PM) bob: welcome back\n");
        // /lo asks the presence service, whose own Redis connection may come back a moment after the
        // gateways' (each retries on its own backoff): until then it says "try again", and bob does.
        var answer = "";
        for (var attempt = 0; attempt < 100 && answer != ChatText.Online(["alice", "bob"]); attempt++)
        {
            await bob.SendAsync("/lo");
            answer = await bob.ReceiveAsync();
            Assert.True(answer == ChatText.Online(["alice", "bob"]) || answer == ChatText.Error(ChatText.DirectoryUnavailable), answer);
            if (answer != ChatText.Online(["alice", "bob"]))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(ChatText.Online(["alice", "bob"]), answer);
    }

    [Fact]
    public async Task After_a_reconnect_missing_users_are_put_back_even_when_the_count_comes_out_even()
    {
        // A redis-server killed and started again replays an append-only file up to a second old: it lacks the
        // stayer, who logged in just before, and still lists a user of the same gateway who had logged out
        // (the release was never written). Gateway 1 has as many users in the directory as it has connected.
        await using var stayer = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "stayer");
        var directory = Cluster.Directory;
        var token = await directory.LocateAsync("stayer");
        Assert.NotNull(await directory.ReleaseAsync("stayer", token!));
        Assert.Equal(ClaimStatus.Ok, (await directory.ClaimAsync("leaver", SessionToken.Create(Cluster.GatewayId(1), "gone"))).Status);

        // The gateway's connections to Redis drop and come back, as they do across a restart.
        await DropEveryServicesConnectionAsync();

        await stayer.WaitForAsync(ChatText.Reregistered);
        Assert.Equal(token, await directory.LocateAsync("stayer"));
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "other");
        await other.SendAsync("/pm stayer still there?");
        await stayer.WaitForAsync("(PM) other: still there?\n");
    }

    [Fact]
    public async Task After_a_reconnect_logins_whose_connections_had_closed_are_ended()
    {
        // The append-only file's last second was lost: it still lists "leaver" (a guest who quit) and
        // "dropper" (a client that resumes, whose connection dropped) under gateway 1, with tokens of
        // connections that gateway closed. Nothing would ever end them while the gateway runs.
        await using var stayer = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "stayer");
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "other");
        var directory = Cluster.Directory;
        var stayerToken = await directory.LocateAsync("stayer");
        Assert.Equal(ClaimStatus.Ok, (await directory.ClaimAsync("leaver", SessionToken.Create(Cluster.GatewayId(1), "closed-1"))).Status);
        var dropperToken = SessionToken.Create(Cluster.GatewayId(1), "closed-2");
        Assert.Equal(ClaimStatus.Ok, (await directory.ClaimAsync("dropper", dropperToken)).Status);
        Assert.True(await directory.MakeResumableAsync("dropper", dropperToken, "dropper-secret"));

        await DropEveryServicesConnectionAsync();

        // Everybody hears the guest leave, as after its own /quit; the client that resumes keeps its window.
        await other.WaitForAsync("leaver has gone offline.\n");
        Assert.Null(await directory.LocateAsync("leaver"));
        await Eventually.TrueAsync(() => directory.IsSuspendedAsync("dropper"), "dropper's login is suspended for its resume window");
        Assert.Equal(stayerToken, await directory.LocateAsync("stayer"));
        Assert.StartsWith(Cluster.GatewayId(2) + "/", await directory.LocateAsync("other"));
        await other.SendAsync("/pm stayer still there?");
        await stayer.WaitForAsync("(PM) other: still there?\n");
    }

    /// <summary>
    /// Closes every service's connections to Redis, which come back as after a restart. Both kinds: a
    /// connection that holds a subscription is a "pubsub" client to Redis, and with the shared connection
    /// (Backplane:SharedConnection) that is each service's only one.
    /// </summary>
    private async Task DropEveryServicesConnectionAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString + ",allowAdmin=true");
        foreach (var type in new[] { "normal", "pubsub" })
        {
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "TYPE", type, "SKIPME", "yes");
        }
    }

    private async Task<bool> IsRegisteredAsync(string user)
    {
        try
        {
            return await Cluster.Directory.LocateAsync(user) is not null;
        }
        catch (RedisException)
        {
            return false; // Still reconnecting.
        }
    }
}

/// <summary>
/// The same outages with Backplane:SharedConnection=false: each service's subscriptions on a connection of
/// their own, which comes back separately from the one its commands use.
/// </summary>
public sealed class RedisOutageOnSeparateConnectionsTests : RedisOutageTests
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        gatewaySettings: new() { [BackplaneConnection.ConfigurationKey] = "false" },
        presenceSettings: new() { [BackplaneConnection.ConfigurationKey] = "false" });
}

/// <summary>
/// While Redis comes back empty, nobody may take the name of a user who stays connected: claims wait until
/// the gateways have put their users back (DirectoryRecovery). Redis is emptied with FLUSHALL rather than
/// restarted so that no reconnection makes the victim's gateway renew at once: it notices on its next
/// renewal, which is slower here (6 s) than the impostor's gateway's (1.5 s) in seven cases out of eight,
/// so without the wait the impostor gets the name. The recovery window covers the slow renewal.
/// </summary>
public sealed class NameStealDuringRedisRestartTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        presenceSettings: new() { ["Presence:RecoveryWindow"] = "00:00:08" },
        configureGateway: (n, builder) =>
        {
            if (n == 1)
            {
                builder.Configuration["Gateway:LeaseRenewInterval"] = "00:00:06";
                builder.Configuration["Gateway:LeaseDuration"] = "00:00:20";
            }
        });

    [Fact]
    public async Task An_impostor_who_asks_for_a_connected_users_name_right_after_redis_lost_it_never_gets_it()
    {
        await using var victim = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "victim");
        await using var friend = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "friend");

        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        // Every 50 ms until it gets in at all (within 30 s): never as "victim".
        string? granted = null;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var attempt = 0; attempt < 600 && granted is null && DateTime.UtcNow < until; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(50);
            }

            await using var impostor = await ChatTestClient.ConnectAsync(Cluster.Gateway(2));
            Assert.Equal(ChatText.Ack, await impostor.ReceiveAsync());
            await impostor.SendAsync("victim");
            var answer = await impostor.ReceiveOrCloseAsync();
            if (answer is not null && !answer.StartsWith("Error: ", StringComparison.Ordinal))
            {
                granted = answer;
            }
        }

        Assert.Equal("victim1", granted);
        Assert.StartsWith(Cluster.GatewayId(1) + "/", await Cluster.Directory.LocateAsync("victim"));
        await friend.SendAsync("/pm victim still you?");
        await victim.WaitForAsync("(PM) friend: still you?\n");
    }
}
