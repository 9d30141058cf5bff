using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// How many accounts one address may register in an hour (Presence:RegistrationsPerAddressPerHour, 2 here),
/// counted by presence whichever gateway the registrations come through; the one refused stays a guest.
/// </summary>
public sealed class RegistrationLimitTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2, presenceSettings: new() { ["Presence:RegistrationsPerAddressPerHour"] = "2" });

    [Fact]
    public async Task An_address_past_the_limit_is_told_when_to_try_again_and_its_accounts_still_log_in()
    {
        await Cluster.RegisterAccountAsync("first", "first's password", gateway: 1);
        await Cluster.RegisterAccountAsync("second", "second's password", gateway: 2);

        await using var third = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "third");
        await third.SendAsync("/register third's password");
        Assert.Equal(ChatText.Error(ChatText.TooManyRegistrations(2, 60)), await third.ReceiveAsync());

        // Still a guest of that name, chatting; the name is free for whoever has it next.
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "listener");
        await third.SendAsync("still here");
        await listener.WaitForAsync("third: still here\n");
        Assert.Null(await Cluster.Directory.FindAccountAsync("third"));

        await third.SendAsync("/login first first's password");
        await third.WaitForAsync(ChatText.LoggedIn("first"));
    }
}
