using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Mute events are not logged: a gateway that was not listening when one went out (presence away as it
/// started, its own link to Redis down) still refuses a muted user's messages, reading the mutes it missed.
/// Gateway 2 reaches Redis through a link the tests cut.
/// </summary>
public sealed class MissedMuteTests : ClusterTest
{
    private const string Password = "teacher's password";
    private CuttableLink _link = null!;

    protected override async Task<ChatCluster> StartClusterAsync()
    {
        var redis = await RedisServer.StartAsync();
        _link = CuttableLink.To(redis.Port);
        return await ChatCluster.StartAsync(2,
            gatewayRedis: n => n == 2 ? _link.ConnectionString : null,
            presenceSettings: new() { ["Presence:Moderators"] = "teacher" },
            redis: redis);
    }

    [Fact]
    public async Task A_gateway_cut_off_from_redis_learns_of_a_mute_and_its_end_when_it_is_back_and_tells_the_user()
    {
        await using var teacher = await Cluster.LogInModeratorAsync("teacher", Password);
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "other");

        _link.Cut();
        await student.WaitForAsync(ChatText.RelayDown);
        await teacher.SendAsync("/mute student 10");
        await teacher.WaitForPrefixAsync("Muted student until ");
        _link.Mend();

        await student.WaitForPrefixAsync("You are muted until ");
        await student.SendAsync("did anyone notice?");
        Assert.StartsWith("Error: You are muted until ", await student.ReceiveAsync());

        // Lifted while cut off again: the gateway lets the student speak once it is back.
        _link.Cut();
        await student.WaitForAsync(ChatText.RelayDown);
        await teacher.SendAsync("/unmute student");
        await teacher.WaitForAsync(ChatText.Unmuted("student"));
        _link.Mend();

        await student.WaitForAsync(ChatText.UnmutedWhileAway);
        await student.SendAsync("free again");
        await other.WaitForAsync("student: free again\n");
    }

    [Fact]
    public async Task A_gateway_started_while_presence_was_away_refuses_a_user_muted_before()
    {
        await using var teacher = await Cluster.LogInModeratorAsync("teacher", Password);
        await teacher.SendAsync("/mute student 10");
        await teacher.WaitForPrefixAsync("Muted student until ");

        await Cluster.StopGatewayAsync(2);
        await Cluster.StopPresenceAsync();
        await Cluster.StartGatewayAsync(2);
        await Cluster.RestartPresenceAsync();

        await using var student = await ChatTestClient.LoginWhenPossibleAsync(Cluster.Gateway(2), "student", TimeSpan.FromSeconds(30));
        Assert.StartsWith("You are muted until ", await student.ReceiveAsync());
        await student.SendAsync("nobody told this gateway");
        Assert.StartsWith("Error: You are muted until ", await student.ReceiveAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _link.DisposeAsync();
    }
}
