using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>A gateway stopped on purpose (SIGTERM, AppHost stop): its users hear why and leave cleanly.</summary>
public sealed class GracefulStopTests : ClusterTest
{
    [Fact]
    public async Task Users_are_told_the_gateway_is_going_away_and_nothing_of_them_stays_in_the_directory()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await bob.SendAsync("/cg crew");
        await bob.WaitForAsync("Group crew created.\n");
        await alice.SendAsync("/jg crew");
        await bob.WaitForAsync("alice has joined group crew.\n");

        var stopping = Cluster.StopGatewayAsync(1);
        Assert.Equal(ChatText.ShuttingDown, (await alice.ReadUntilClosedAsync())[^1]);
        await stopping;

        await bob.WaitForAsync("alice has just left group crew.\n");
        await bob.WaitForAsync("alice has gone offline.\n");
        Assert.Null(await Cluster.Directory.LocateAsync("alice"));
        Assert.Empty(await Cluster.Directory.GroupsOfAsync("alice"));
        var crew = Assert.Single(await Cluster.Directory.AllGroupsAsync());
        Assert.Equal(1, crew.Members);
    }
}
