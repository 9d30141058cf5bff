using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The AppHost with Redis:Mode=cluster: three redis-server masters made into a Redis Cluster by
/// scripts/redis-cluster-create.sh, and the whole system on it (RedisClusterTests plays every command and
/// the failures against a cluster; this is the AppHost's wiring of one).
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

    public Task DisposeAsync() => _system.DisposeAsync();
}
