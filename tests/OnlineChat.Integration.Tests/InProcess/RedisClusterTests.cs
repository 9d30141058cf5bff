using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The whole system on a Redis Cluster of three masters (redis-server processes in cluster mode, joined by
/// scripts/redis-cluster-create.sh, as the AppHost joins its own), with sharded pub/sub as the AppHost sets it: every command across two gateways, a gateway stopping, the master that holds
/// the chat's keys killed and started again, and the other masters killed (docs/operations.md, "Redis Cluster").
/// </summary>
public sealed class RedisClusterTests : ClusterTest
{
    private RedisClusterNodes _nodes = null!;

    protected override async Task<ChatCluster> StartClusterAsync()
    {
        _nodes = await RedisClusterNodes.StartAsync();
        return await ChatCluster.StartAsync(2, presenceSettings: new() { ["Presence:Moderators"] = "teacher" }, redis: _nodes);
    }

    /// <summary>The master whose slot holds every key of the chat (the prefix's hash tag).</summary>
    private int DataMaster => _nodes.MasterOf(_nodes.KeyPrefix);

    [Fact]
    public async Task Every_command_works_across_gateways_on_a_cluster_over_sharded_pub_sub()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await ann.WaitForAsync("bob is now online.\n");

        await ann.SendAsync("hello everyone");
        await bob.WaitForAsync("ann: hello everyone\n");
        await bob.SendAsync("/pm ann hi ann");
        await ann.WaitForAsync("(PM) bob: hi ann\n");

        await ann.SendAsync("/cg maths");
        await ann.WaitForAsync(ChatText.GroupCreated("maths"));
        await bob.SendAsync("/jg maths");
        await ann.WaitForAsync("bob has joined group maths.\n");
        await bob.SendAsync("/gc maths 2+2?");
        await ann.WaitForAsync("(maths) bob: 2+2?\n");
        await ann.SendAsync("/listg");
        await ann.WaitForAsync(ChatText.MyGroups(["maths"]));
        await bob.SendAsync("/listallg");
        Assert.Equal(ChatText.AllGroups([("maths", "ann", 2, false)]), await bob.WaitForPrefixAsync("Groups:"));
        await bob.SendAsync("/members maths");
        Assert.Equal("Members of maths: ann (owner), bob\n", await bob.WaitForMembersAsync());
        await ann.SendAsync("/private maths");
        await ann.WaitForAsync(ChatText.GroupNowPrivate("maths"));
        await ann.SendAsync("/kick bob maths");
        await bob.WaitForAsync("bob was removed from group maths by ann.\n");
        await ann.SendAsync("/invite bob maths");
        await bob.WaitForAsync("ann invited you to group maths. Join with /jg maths\n");
        await ann.SendAsync("/public maths");
        await ann.WaitForAsync(ChatText.GroupNowPublic("maths"));
        await bob.SendAsync("/jg maths");
        await bob.SendAsync("/lg maths");
        await ann.WaitForAsync("bob has just left group maths.\n");

        await ann.SendAsync("/lo");
        Assert.Equal(ChatText.Online(["ann", "bob"]), await ann.WaitForOnlineListAsync());
        await bob.SendAsync("/history ann");
        await bob.WaitForPrefixAsync("History of your PMs with ann (last 1, times UTC):");

        // Accounts, a moderator and a mute.
        await ann.SendAsync("/register correct horse");
        await ann.WaitForAsync(ChatText.Registered("ann"));
        await using (var first = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "teacher"))
        {
            await first.SendAsync("/register teacher-secret");
            await first.WaitForAsync(ChatText.Registered("teacher"));
            await first.SendAsync("/quit");
            await first.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("teacher") is null, "teacher is offline");
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await teacher.SendAsync("/login teacher teacher-secret"); // a moderator from this login on
        await teacher.WaitForAsync(ChatText.LoggedIn("teacher"));
        await teacher.SendAsync("/mute bob 5");
        await bob.WaitForPrefixAsync("You are muted by teacher until ");
        await bob.SendAsync("can I talk?");
        await bob.WaitForPrefixAsync("Error: You are muted until ");
        await teacher.SendAsync("/unmute bob");
        await bob.WaitForAsync("teacher lifted your mute: you can send messages again.\n");

        await ann.SendAsync("/logout");
        await ann.WaitForAsync(ChatText.LoggedOut("ann"));
        await using var annAgain = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await annAgain.SendAsync("/login ann correct horse");
        await annAgain.WaitForAsync(ChatText.LoggedIn("ann"));
        await annAgain.SendAsync("/quit");
        await annAgain.WaitForAsync(ChatText.Goodbye);

        // All of it went over sharded pub/sub on the chat's master: messages, notices, the mute's control events.
        var channels = _nodes.Command(DataMaster, "pubsub", "shardchannels").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(_nodes.KeyPrefix + "chat:all", channels);
        Assert.Contains(_nodes.KeyPrefix + "chat:gateway:" + Cluster.GatewayId(1), channels);
        Assert.Contains(_nodes.KeyPrefix + "chat:gateway:" + Cluster.GatewayId(2), channels);
        for (var n = 0; n < _nodes.Ports.Count; n++)
        {
            // A classic PUBLISH on a cluster goes to every node over the cluster bus, which counts it here
            // (the line is left out while the count is 0); a sharded one goes to the slot's replicas only.
            Assert.DoesNotContain("cluster_stats_messages_publish_sent", _nodes.Command(n, "cluster", "info"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_client_resumes_on_the_other_gateway_when_its_gateway_stops()
    {
        await using var ann = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        await Cluster.StopGatewayAsync(1);
        await bob.SendAsync("/pm ann while you were away");
        var (resumed, missed) = await ann.ResumeAsync(Cluster.Gateway(2));
        await using (resumed)
        {
            Assert.Contains(missed, l => l.EndsWith("(PM) bob: while you were away\n", StringComparison.Ordinal));
            await resumed.SendAsync("back");
            await bob.WaitForAsync("ann: back\n");
        }
    }

    [Fact]
    public async Task When_the_master_holding_the_chats_keys_is_killed_sends_are_refused_and_all_works_again_once_it_is_back()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await ann.SendAsync("/register correct horse");
        await ann.WaitForAsync(ChatText.Registered("ann"));

        var master = DataMaster;
        await _nodes.StopNodeAsync(master);
        await ann.SendAsync("anyone there?");
        await ann.WaitForAsync(ChatText.Error(ChatText.RelayUnavailable));

        await _nodes.StartNodeAgainAsync(master);
        // Bounded by Eventually: each try is one broadcast, until the gateways' connections to the master are back.
        var attempt = 0;
        await Eventually.TrueAsync(async () =>
        {
            await ann.SendAsync($"back {++attempt}");
            return (await bob.TryReceiveAsync(TimeSpan.FromSeconds(1)))?.StartsWith("ann: back ", StringComparison.Ordinal) == true;
        }, "a broadcast gets through once the master is back", TimeSpan.FromSeconds(60));

        // The account survived in the master's append-only file.
        await using var again = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await again.SendAsync("/login ann correct horse");
        await again.WaitForAsync(ChatText.LoggedIn("ann"));
    }

    [Fact]
    public async Task The_masters_without_the_chats_keys_killed_change_nothing()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        // Every gateway hears its channels on the chat's master, not on a master that may go down alone.
        var dataMaster = DataMaster;
        for (var n = 1; n <= 2; n++)
        {
            var keys = Cluster.Services(n).GetRequiredService<ChatKeys>();
            var subscriber = Cluster.Services(n).GetRequiredService<IConnectionMultiplexer>().GetSubscriber();
            foreach (var channel in new[] { keys.AllChannel, keys.GatewayChannel(Cluster.GatewayId(n)) })
            {
                Assert.EndsWith($":{_nodes.Ports[dataMaster]}", subscriber.SubscribedEndpoint(channel)?.ToString());
            }
        }

        // Each of the others in turn (both at once would leave the chat's master in a minority, which stops a
        // cluster).
        foreach (var other in Enumerable.Range(0, _nodes.Ports.Count).Where(n => n != dataMaster))
        {
            await _nodes.StopNodeAsync(other);
            await ann.SendAsync($"still here without master {other}");
            await bob.WaitForAsync($"ann: still here without master {other}\n");
            await bob.SendAsync($"/pm ann and so am I without master {other}");
            await ann.WaitForAsync($"(PM) bob: and so am I without master {other}\n");
            await _nodes.StartNodeAgainAsync(other);
        }
    }
}
