using OnlineChat.Integration.Tests.InProcess;
using OnlineChat.Integration.Tests.Terminal;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The full-screen console client, in tmux, when its gateway of the real AppHost is killed with SIGKILL (no
/// goodbye, no drain): it moves to the next gateway, keeps the line being typed, and nobody sees it leave.
/// Its own system, since the test kills part of it.
/// </summary>
public sealed class ConsoleClientGatewayKillTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    [SkippableFact]
    public async Task The_client_resumes_on_another_gateway_when_its_gateway_is_killed_and_sends_the_line_typed_before()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        var ann = ChatTestClient.UniqueName("ann");
        await using var bob = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("bob"));
        var (first, second) = (system.Gateway(1), system.Gateway(2));
        await using var terminal = await TmuxSession.StartAsync(
            ConsoleClientTests.Client($"{ann} --gateways {first.Host}:{first.Port},{second.Host}:{second.Port}"), width: 110);
        await terminal.WaitForAsync($"{ann} · {first.Host}:{first.Port} · connected");
        await bob.WaitForAsync($"{ann} is now online.\n");

        await terminal.TypeAsync("typed before the crash");
        system.KillProcessOf(ChatSystemFixture.GatewayName(1));
        await terminal.WaitForAsync($"{ann} · {second.Host}:{second.Port} · connected");
        await bob.SendAsync($"/pm {ann} are you back?");
        await terminal.WaitForAsync($"@{bob.Name} 1");

        await terminal.PressAsync("Enter");
        var seen = await bob.WaitForAsync($"{ann}: typed before the crash\n");
        Assert.DoesNotContain($"{ann} has gone offline.\n", seen);

        // Ctrl+C leaves as /quit does: the server hears it at once, and the last lines stay on the terminal.
        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync("Disconnected.");
        await bob.WaitForAsync($"{ann} has gone offline.\n");
    }
}
