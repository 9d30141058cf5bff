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

    /// <summary>
    /// Runs <paramref name="test"/> with ann in the real client (started with <paramref name="annArguments"/>,
    /// in a terminal <paramref name="width"/> columns wide) and bob on gateway 2, once bob has seen her arrive.
    /// </summary>
    private async Task WithAnnAndBobAsync(string annArguments, Func<ChatTestClient, TmuxSession, Task> test, int width = 120)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await using var terminal = await TmuxSession.StartAsync(Client($"ann {annArguments}"), width);
        await terminal.WaitForAsync("Welcome to the chat :)");
        await bob.WaitForAsync("ann is now online.\n");
        await test(bob, terminal);
    }

    [SkippableFact]
    public Task When_its_gateway_stops_the_client_says_so_resumes_on_another_shows_what_it_missed_and_keeps_the_typed_line()
    {
        var gateways = $"{Cluster.Gateway(1).Host}:{Cluster.Gateway(1).Port},{Cluster.Gateway(2).Host}:{Cluster.Gateway(2).Port}";
        return WithAnnAndBobAsync($"--gateways {gateways}", async (bob, terminal) =>
        {
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
        });
    }

    [SkippableFact]
    public Task A_line_over_the_frame_limit_is_refused_locally_and_a_pasted_burst_over_the_rate_limit_is_paced_and_all_sent()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
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
        });
    }

    [SkippableFact]
    public Task A_long_wrapped_line_being_typed_stays_whole_when_messages_arrive_and_wide_characters_edit_as_one()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // Two and a half rows of a 60-column terminal (148 columns with the prompt), then two messages arrive while it is being typed.
            var typed = string.Concat(Enumerable.Range(0, 20).Select(i => $"word{i:D2} ")) + "end";
            await terminal.TypeAsync(typed);
            await terminal.WaitForAsync("end");
            await bob.SendAsync("first interruption");
            await terminal.WaitForAsync("bob: first interruption");
            await bob.SendAsync("second interruption");

            // Each message once, on its own line, and the typed line whole, once, after them: nothing of an
            // earlier drawing of it is left behind (capture-pane -J joins the rows it wrapped onto).
            List<string> lines = [];
            string[] expected = ["bob: first interruption", "bob: second interruption", "ann: " + typed];
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    lines = [.. (await terminal.ScreenAsync()).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)];
                    return lines.TakeLast(3).SequenceEqual(expected);
                }, "the screen ends with the two messages and the whole typed line");
            }
            catch (Xunit.Sdk.XunitException)
            {
                Assert.Equal(expected, lines.TakeLast(3)); // shows what the screen held instead
                throw;
            }

            Assert.Single(lines, l => l.Contains("word00"));

            // Wide characters and an emoji (a surrogate pair) are one character each to Backspace.
            for (var i = 0; i < typed.Length; i++)
            {
                await terminal.PressAsync("BSpace");
            }

            await terminal.TypeAsync("日本語 😀 ok");
            for (var i = 0; i < 4; i++) // k, o, the space, the emoji
            {
                await terminal.PressAsync("BSpace");
            }

            await terminal.TypeAsync("!");
            await terminal.PressAsync("Enter");
            await bob.WaitForAsync("ann: 日本語 !\n");
        }, width: 60);
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
