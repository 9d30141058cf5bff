using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The presence service stops: chat goes on, logins say "try again", and it all adds up afterwards.</summary>
public sealed class PresenceOutageTests : ClusterTest
{
    [Fact]
    public async Task Chats_continue_logins_are_refused_with_a_reason_and_a_logout_during_the_outage_is_completed_later()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await using var dave = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "dave");

        await Cluster.StopPresenceAsync();

        await alice.SendAsync("presence is down, we are not");
        await bob.WaitForAsync("alice: presence is down, we are not\n");
        await bob.SendAsync("/pm alice indeed");
        await alice.WaitForAsync("(PM) bob: indeed\n");

        Assert.Equal(ChatText.Error(ChatText.DirectoryUnavailable), await TryLoginAsync(2, "carol"));

        await dave.SendAsync("/quit");
        Assert.Equal(ChatText.Goodbye, (await dave.ReadUntilClosedAsync())[^1]);
        Assert.NotNull(await Cluster.Directory.LocateAsync("dave")); // The release is waiting for presence.

        await Cluster.RestartPresenceAsync();
        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("dave") is null, "dave's queued logout went through");
        string? carol = null;
        await Eventually.TrueAsync(async () => (carol = await TryLoginAsync(2, "carol")) == "carol", "carol can log in again");

        await using var daveAgain = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "dave");
        Assert.Equal("dave", daveAgain.Name);
    }

    /// <summary>The gateway's answer to a login: the granted name, or the error it sent before closing.</summary>
    private async Task<string> TryLoginAsync(int gateway, string name)
    {
        await using var client = await ChatTestClient.ConnectAsync(Cluster.Gateway(gateway));
        Assert.Equal(ChatText.Ack, await client.ReceiveAsync());
        await client.SendAsync(name);
        return await client.ReceiveAsync();
    }
}
