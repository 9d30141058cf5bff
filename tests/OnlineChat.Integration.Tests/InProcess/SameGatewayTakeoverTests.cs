using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A login that takes over an account already online on the same gateway (the teacher's laptop and then her
/// phone, in one classroom). The gateway's lease renewals count its users in the directory and put back any
/// that are missing, telling them the directory lost track of them: neither a renewal as presence's answer
/// arrives nor one after the laptop has gone may find anyone missing. (The narrowest moment, between
/// presence freeing the guest name and the gateway closing the laptop, is the rule's: GatewayLeaseRuleTests.)
/// </summary>
public sealed class SameGatewayTakeoverTests : ClusterTest
{
    private const string Password = "correct horse battery";

    // Set by the test: run once when presence's answer to a /login reaches gateway 1, before the gateway acts on it.
    private Func<Task>? _atLoginAnswer;

    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        configureGateway: PresenceAnswerProbe.OnGateway(1, "/v1/logins", () => Interlocked.Exchange(ref _atLoginAnswer, null)));

    [Fact]
    public async Task Renewals_during_and_after_the_takeover_find_nobody_missing_and_leave_no_ghost()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var laptop = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "laptop");
        await laptop.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await laptop.ReceiveAsync());

        await using var phone = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "phone");
        var lease = Cluster.Services(1).GetRequiredService<GatewayLease>();
        _atLoginAnswer = lease.RenewNowAsync;
        await phone.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await phone.ReceiveAsync());
        Assert.Null(_atLoginAnswer); // the renewal ran at that moment

        // The laptop is told why it ends, not that its name was taken.
        var laptopHeard = await laptop.ReadUntilClosedAsync();
        Assert.Contains(ChatText.LoggedInElsewhere, laptopHeard);
        Assert.DoesNotContain(ChatText.NameLost("teacher"), laptopHeard);
        // Once the laptop has gone (its release must not take the name off the gateway's list, where the
        // phone has it now), another renewal: the phone hears no "the directory lost track of you", and
        // "phone" is not put back as a ghost.
        await lease.RenewNowAsync();
        await phone.SendAsync("/lo");
        var phoneHeard = new List<string>();
        for (var i = 0; i < 100 && phoneHeard.LastOrDefault()?.StartsWith("Online: ", StringComparison.Ordinal) != true; i++)
        {
            phoneHeard.Add(await phone.ReceiveAsync());
        }

        Assert.Equal([ChatText.Online(["teacher"])], phoneHeard);
        var gatewayUsers = Cluster.Services(1).GetRequiredService<ChatKeys>().GatewayUsers(Cluster.GatewayId(1));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString);
        Assert.Equal(["teacher"], (await redis.GetDatabase().HashKeysAsync(gatewayUsers)).Select(k => (string)k!));
    }
}
