using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Redis goes away and comes back empty (a restart without persistence): connections survive, sends are
/// refused out loud meanwhile, and the directory is rebuilt by the gateways without anyone reconnecting.
/// </summary>
public sealed class RedisOutageTests : ClusterTest
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
