using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests;

/// <summary>The dashboard's commands on presence, run through the real AppHost as the dashboard runs them.</summary>
public sealed class OperatorCommandTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    private const string ResetPassword = "reset-password";

    [Fact]
    public async Task Reset_a_password_gives_an_account_a_new_one_to_hand_on_and_names_an_unknown_account()
    {
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var name = ChatTestClient.UniqueName("forgetful");
        await using (var owner = await ChatTestClient.LoginAsync(system.Gateway(1), name))
        {
            await owner.SendAsync("/register long forgotten words");
            Assert.Equal(ChatText.Registered(name), await owner.ReceiveAsync());
        }

        var unknown = await commands.ExecuteCommandAsync("presence", ResetPassword, Account("nobody-at-all"), CancellationToken.None);
        Assert.False(unknown.Success);
        Assert.Equal("There is no account nobody-at-all.", unknown.Message);

        Assert.False((await commands.ExecuteCommandAsync("presence", ResetPassword, Account("  "), CancellationToken.None)).Success);

        var reset = await commands.ExecuteCommandAsync("presence", ResetPassword, Account($" {name.ToUpperInvariant()} "), CancellationToken.None);
        Assert.True(reset.Success, reset.Message);
        Assert.StartsWith($"{name} has a new password", reset.Message);
        var password = reset.Data!.Value;
        Assert.Null(Passwords.Validate(password));

        await using var back = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("guest"));
        await back.SendAsync($"/login {name} long forgotten words");
        Assert.Equal(ChatText.Error(ChatText.WrongPassword), await back.ReceiveAsync());
        await back.SendAsync($"/login {name} {password}");
        Assert.Equal(ChatText.LoggedIn(name), await back.ReceiveAsync());
    }

    private static InteractionInputCollection Account(string account) =>
        new([new InteractionInput { Name = "account", Label = "Account", InputType = InputType.Text, Value = account }]);
}
