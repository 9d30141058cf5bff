using OnlineChat.Integration.Tests.Terminal;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The console client itself, in a real terminal (tmux), against real gateways and a real redis-server.</summary>
public sealed class ConsoleClientTests : ClusterTest
{
    /// <summary>The client as built beside the tests (the project is referenced), started as a user would.</summary>
    private static string Client(string arguments) =>
        $"dotnet {Path.Combine(AppContext.BaseDirectory, "onlinechat.dll")} {arguments}";

    /// <summary>The client's arguments for gateway <paramref name="n"/> alone, as the seed client names its server.</summary>
    private string OnlyGateway(int n) => $"--port {Cluster.Gateway(n).Port} --host {Cluster.Gateway(n).Host}";

    [SkippableFact]
    public async Task When_its_gateway_stops_the_client_says_so_resumes_on_another_shows_what_it_missed_and_keeps_the_typed_line()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        var gateways = $"{Cluster.Gateway(1).Host}:{Cluster.Gateway(1).Port},{Cluster.Gateway(2).Host}:{Cluster.Gateway(2).Port}";
        await using var terminal = await TmuxSession.StartAsync(Client($"ann --gateways {gateways}"));
        await terminal.WaitForAsync("Welcome to the chat :)");
        await bob.WaitForAsync("ann is now online.\n");

        await bob.SendAsync("hello ann");
        await terminal.WaitForAsync("bob: hello ann");
        await terminal.TypeAsync("half typed");

        await Cluster.StopGatewayAsync(1);
        await bob.SendAsync("/pm ann while you were away");
        var screen = await terminal.WaitForAsync("Reconnected to");
        Assert.Contains("This gateway is shutting down.", screen);
        await terminal.WaitForAsync("(PM) bob: while you were away");

        await terminal.TypeAsync(" and finished");
        await terminal.PressAsync("Enter");
        var seen = await bob.WaitForAsync("ann: half typed and finished\n");
        Assert.DoesNotContain("ann has gone offline.\n", seen);

        await terminal.TypeAsync("/quit");
        await terminal.PressAsync("Enter");
        await terminal.WaitForAsync("Disconnected.");
        await bob.WaitForAsync("ann has gone offline.\n");
    }

    [SkippableFact]
    public async Task A_line_over_the_frame_limit_is_refused_locally_and_a_pasted_burst_over_the_rate_limit_is_paced_and_all_sent()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await using var terminal = await TmuxSession.StartAsync(Client($"ann {OnlyGateway(1)}"));
        await terminal.WaitForAsync("Welcome to the chat :)");
        await bob.WaitForAsync("ann is now online.\n");

        // The gateway would end the connection over this frame; the client refuses it and stays connected.
        await terminal.PasteAsync(new string('x', ChatLimits.MaxFrameBytes + 10) + "\n");
        await terminal.WaitForAsync($"Not sent: that line is {ChatLimits.MaxFrameBytes + 10:N0} bytes");

        // 60 lines at once: 20 more than the gateway's burst (40), so some must wait for the rate (20 a second).
        const int Lines = 60;
        await terminal.PasteAsync(string.Concat(Enumerable.Range(1, Lines).Select(i => $"line {i}\n")));
        var before = await bob.WaitForAsync($"ann: line {Lines}\n");
        Assert.Equal(Enumerable.Range(1, Lines - 1).Select(i => $"ann: line {i}\n"), before);
        Assert.DoesNotContain("too fast", await terminal.ScreenAsync());
        Assert.False(terminal.Exited);
    }

    [SkippableFact]
    public async Task A_refused_connection_shows_the_servers_reason()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        await using var taken = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "x");
        await using var terminal = await TmuxSession.StartAsync(Client($"server {OnlyGateway(1)}"));
        await terminal.WaitForAsync("Error: ");
        var screen = await terminal.WaitForAsync("reserved", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("Could not establish connection", screen);
    }
}
