using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Backplane:SharedConnection: by default a gateway hears its messages on the RESP3 connection it sends its
/// commands on (one socket to Redis, not two); set to false, a second connection holds its subscriptions.
/// Asked of Redis itself: what it lists for the connection the gateway's commands arrive on.
/// </summary>
public sealed class SharedConnectionTests : GatewayRedisConnectionTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(1);

    [Fact]
    public async Task By_default_a_gateways_commands_and_subscriptions_share_one_resp3_connection()
    {
        var commands = await ConnectionOfGatewaysCommandsAsync();
        Assert.Equal(RedisProtocol.Resp3, commands.Protocol);
        // Its own channel and the channel every gateway hears (and StackExchange.Redis's own configuration channel).
        Assert.True(commands.SubscriptionCount >= 2, $"{commands.SubscriptionCount} subscriptions on the commands' connection");
    }
}

public sealed class SeparateSubscriptionConnectionTests : GatewayRedisConnectionTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(1,
        gatewaySettings: new() { [BackplaneConnection.ConfigurationKey] = "false" });

    [Fact]
    public async Task With_shared_connection_false_a_gateways_subscriptions_are_on_a_connection_of_their_own()
    {
        var commands = await ConnectionOfGatewaysCommandsAsync();
        Assert.Equal(0, commands.SubscriptionCount);
    }
}

public abstract class GatewayRedisConnectionTest : ClusterTest
{
    /// <summary>What Redis lists for the connection that gateway 1's commands arrive on.</summary>
    protected async Task<ClientInfo> ConnectionOfGatewaysCommandsAsync()
    {
        var gatewayRedis = Cluster.Services(1).GetRequiredService<IConnectionMultiplexer>();
        var id = (long)await gatewayRedis.GetDatabase().ExecuteAsync("CLIENT", "ID");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString + ",allowAdmin=true");
        return Assert.Single(await admin.GetServers()[0].ClientListAsync(), client => client.Id == id);
    }
}
