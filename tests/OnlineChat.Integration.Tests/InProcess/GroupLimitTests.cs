using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// How many groups one user may be in (Presence:MaxGroupsPerUser, 2 here): created or joined, the same count;
/// one left makes room again.
/// </summary>
public sealed class GroupLimitTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2, presenceSettings: new() { ["Presence:MaxGroupsPerUser"] = "2" });

    [Fact]
    public async Task A_user_in_as_many_groups_as_allowed_creates_and_joins_no_more_until_leaving_one()
    {
        await using var busy = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "busy");
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "other");
        await other.SendAsync("/cg Open");
        Assert.Equal("Group Open created.\n", await other.ReceiveAsync());

        await busy.SendAsync("/cg First");
        Assert.Equal("Group First created.\n", await busy.ReceiveAsync());
        await busy.SendAsync("/cg Second");
        Assert.Equal("Group Second created.\n", await busy.ReceiveAsync());

        await busy.SendAsync("/cg Third");
        Assert.Equal(ChatText.TooManyGroups, await busy.ReceiveAsync());
        await busy.SendAsync("/jg Open");
        Assert.Equal(ChatText.TooManyGroups, await busy.ReceiveAsync());
        // What would be refused anyway says so first.
        await busy.SendAsync("/cg Open");
        Assert.Equal(ChatText.GroupExists, await busy.ReceiveAsync());
        await busy.SendAsync("/listallg");
        Assert.Equal("Groups:\n  First (owner busy, 1 member)\n  Open (owner other, 1 member)\n  Second (owner busy, 1 member)\n", await busy.ReceiveAsync());

        await busy.SendAsync("/lg First");
        Assert.Equal("busy has just left group First.\n", await busy.ReceiveAsync());
        await busy.SendAsync("/jg Open");
        Assert.Equal("busy has joined group Open.\n", await busy.ReceiveAsync());
        await other.WaitForAsync("busy has joined group Open.\n");
    }
}
