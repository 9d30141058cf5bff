using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The AppHost with Redis:Mode=cluster: three redis-server masters made into a Redis Cluster by
/// scripts/redis-cluster-create.sh, and the whole system on it (RedisClusterTests plays every command and
/// the failures against a cluster; this is the AppHost's wiring of one, and a gateway process killed).
/// </summary>
public sealed class AppHostClusterModeTests : IAsyncLifetime
{
    private readonly ChatSystemFixture _system = new();

    public Task InitializeAsync() => _system.StartAsync(gateways: 2, redisMode: "cluster");

    [Fact]
    public async Task Three_masters_are_started_and_joined_and_the_gateways_relay_through_them()
    {
        for (var n = 1; n <= 3; n++)
        {
            Assert.True(_system.App.ResourceNotifications.TryGetCurrentState($"redis-node-{n}", out var node), $"redis-node-{n} is missing");
            Assert.Equal("Running", node!.Snapshot.State?.Text);
        }

        await using var ann = await ChatTestClient.LoginAsync(_system.Gateway(1), ChatTestClient.UniqueName("ann"));
        await using var bob = await ChatTestClient.LoginAsync(_system.Gateway(2), ChatTestClient.UniqueName("bob"));
        await ann.SendAsync($"/pm {bob.Name} across the cluster");
        await bob.WaitForAsync($"(PM) {ann.Name}: across the cluster\n");
        await bob.SendAsync("/cg maths");
        await bob.WaitForAsync("Group maths created.\n");
        await ann.SendAsync("/jg maths");
        await bob.WaitForAsync($"{ann.Name} has joined group maths.\n");
        await bob.SendAsync("/gc maths hello group");
        await ann.WaitForAsync($"(maths) {bob.Name}: hello group\n");

        // The AppHost made pub/sub sharded: every gateway's channels are shard channels, and no classic ones.
        var connectionString = await _system.App.GetConnectionStringAsync("redis");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var sharded = new List<string>();
        var classic = new List<string>();
        foreach (var server in redis.GetServers()) // each node may be listed twice: as configured and as the cluster names it
        {
            sharded.AddRange(((string[])(await server.ExecuteAsync("PUBSUB", "SHARDCHANNELS"))!)!);
            classic.AddRange(((string[])(await server.ExecuteAsync("PUBSUB", "CHANNELS"))!)!.Where(c => c.StartsWith("{oc}:", StringComparison.Ordinal)));
        }

        Assert.Contains("{oc}:chat:all", sharded);
        Assert.Equal(2, sharded.Distinct().Count(c => c.StartsWith("{oc}:chat:gateway:", StringComparison.Ordinal)));
        Assert.Empty(classic);
    }

    [Fact]
    public async Task A_client_whose_gateway_is_killed_resumes_on_the_other_and_gets_what_it_missed()
    {
        await using var ann = await ChatTestClient.LoginResumableAsync(_system.Gateway(1), ChatTestClient.UniqueName("ann"));
        await using var bob = await ChatTestClient.LoginAsync(_system.Gateway(2), ChatTestClient.UniqueName("bob"));
        await using var carol = await ChatTestClient.LoginAsync(_system.Gateway(2), ChatTestClient.UniqueName("carol"));

        _system.KillProcessOf(ChatSystemFixture.GatewayName(1));
        await bob.SendAsync($"/pm {ann.Name} while your gateway was down");
        await bob.SendAsync("hello room");
        // A client's messages are logged in the order it sent them: once carol has the broadcast, the PM is logged too.
        await carol.WaitForAsync($"{bob.Name}: hello room\n");
        var (resumed, missed) = await ann.ResumeAsync(_system.Gateway(2));
        await using (resumed)
        {
            Assert.Contains(missed, l => l.EndsWith($"(PM) {bob.Name}: while your gateway was down\n", StringComparison.Ordinal));
            Assert.Contains(missed, l => l.EndsWith($"{bob.Name}: hello room\n", StringComparison.Ordinal));
            await resumed.SendAsync("back");
            await bob.WaitForAsync($"{ann.Name}: back\n");
        }
    }

    public Task DisposeAsync() => _system.DisposeAsync();
}
