using OnlineChat.Integration.Tests.Terminal;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The console client itself, in a real terminal (tmux), against real gateways and a real redis-server.</summary>
public sealed class ConsoleClientTests : ClusterTest
{
    /// <summary>The client as built beside the tests (the project is referenced), started as a user would.</summary>
    internal static string Client(string arguments) =>
        $"dotnet {Path.Combine(AppContext.BaseDirectory, "onlinechat.dll")} {arguments}";

    /// <summary>The client's arguments for gateway <paramref name="n"/> alone, as the seed client names its server.</summary>
    private string OnlyGateway(int n) => $"--port {Cluster.Gateway(n).Port} --host {Cluster.Gateway(n).Host}";

    /// <summary>
    /// Runs <paramref name="test"/> with ann in the real client (started with <paramref name="annArguments"/>,
    /// in a terminal <paramref name="width"/> columns wide and <paramref name="height"/> rows high) and bob on
    /// gateway 2, once bob has seen her arrive; the full-screen client unless the arguments say --plain.
    /// </summary>
    private async Task WithAnnAndBobAsync(string annArguments, Func<ChatTestClient, TmuxSession, Task> test, int width = 120, Func<ChatTestClient, Task>? before = null, int height = 40)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed (test.sh installs it)");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        if (before is not null)
        {
            await before(bob); // what bob does before ann arrives
        }

        await using var terminal = await TmuxSession.StartAsync(Client($"ann {annArguments}"), width, height);
        await terminal.WaitForAsync("Welcome to the chat :)");
        await bob.WaitForAsync("ann is now online.\n");
        await test(bob, terminal);
    }

    /// <summary>The line-by-line client (--plain), once logged in: its prompt shown once, not doubled.</summary>
    private Task WithAnnPlainAndBobAsync(string annArguments, Func<ChatTestClient, TmuxSession, Task> test, int width = 120) =>
        WithAnnAndBobAsync($"--plain {annArguments}", async (bob, terminal) =>
        {
            var screen = await terminal.WaitForAsync("ann: ");
            Assert.DoesNotContain("ann: ann:", screen);
            await test(bob, terminal);
        }, width);

    /// <summary>ann types /quit: the client says it disconnected, and bob sees her leave at once (no resume window).</summary>
    private static async Task QuitAsync(TmuxSession terminal, ChatTestClient bob)
    {
        await terminal.EnterAsync("/quit");
        await terminal.WaitForAsync("Disconnected.");
        await bob.WaitForAsync("ann has gone offline.\n");
    }

    [SkippableFact]
    public Task The_full_screen_client_keeps_conversations_apart_with_unread_counts_history_tab_completion_and_input_history()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // Opening the room showed its recent lines, marked as history.
            await terminal.WaitForAsync("(history) bob: earlier in the room");

            // A tab shows as a space; a right-to-left override, which would make the terminal show the line reversed, not at all.
            await bob.SendAsync("a\ttab and \u202Ean override");
            await terminal.WaitForAsync("bob: a tab and an override");

            await bob.SendAsync("/pm ann psst");
            await terminal.WaitForAsync("@bob 1"); // in the list, with one unread; the room stays shown
            Assert.DoesNotContain("bob: psst", await terminal.ScreenAsync());

            // Tab completes the group's name, learnt from /listallg.
            await terminal.EnterAsync("/listallg");
            await terminal.WaitForAsync("maths (owner bob, 1 member)");
            await terminal.TypeAsync("/jg ma");
            await terminal.PressAsync("Tab");
            await terminal.WaitForAsync("[room] /jg maths");
            await terminal.PressAsync("Enter");
            await terminal.WaitForAsync("No messages in group maths yet."); // opened, with its history
            await bob.WaitForAsync("ann has joined group maths.\n");

            // A line wider than the terminal, typed while a message arrives, goes out whole, to the group.
            var typed = string.Concat(Enumerable.Range(0, 25).Select(i => $"word{i:D2} ")) + "end";
            await terminal.TypeAsync(typed[..80]);
            await bob.SendAsync("/gc maths interruption");
            await terminal.WaitForAsync("bob: interruption");
            await terminal.EnterAsync(typed[80..]);
            await bob.WaitForAsync($"(maths) ann: {typed}\n");

            // A group command without its group is for the group shown.
            await terminal.EnterAsync("/members");
            await terminal.WaitForAsync("Members of maths: bob (owner), ann");

            // The PM conversation: its unread line is there, the count gone, and what is typed is a PM.
            await terminal.PressAsync("C-p");
            var screen = await terminal.WaitForAsync("[@bob]");
            Assert.Contains("bob: psst", screen);
            Assert.DoesNotContain("@bob 1", screen);
            await terminal.EnterAsync("reply");
            await bob.WaitForAsync("(PM) ann: reply\n");

            // Up brings back the line entered last.
            await terminal.PressAsync("Up");
            await terminal.WaitForAsync("[@bob] reply");
            await terminal.PressAsync("C-u");

            // A terminal's (bracketed) paste of many lines: each one sent, paced under the gateway's rate.
            const int Lines = 45;
            await terminal.PasteAsync(string.Concat(Enumerable.Range(1, Lines).Select(i => $"line {i}\n")), bracketed: true);
            var pasted = await bob.WaitForAsync($"(PM) ann: line {Lines}\n");
            Assert.Equal(Enumerable.Range(1, Lines - 1).Select(i => $"(PM) ann: line {i}\n"), pasted);
        }, width: 100, before: async bob =>
        {
            await bob.SendAsync("earlier in the room");
            await bob.SendAsync("/cg maths");
            await bob.WaitForAsync("Group maths created.\n");
        });
    }

    [SkippableFact]
    public Task In_a_narrow_terminal_the_scrollback_takes_the_whole_width_and_the_status_line_names_the_unread()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            await bob.SendAsync("/pm ann psst");
            await bob.SendAsync("the quick brown fox jumps over");
            // On one row of 45 columns: beside the conversation list (18 columns and a divider) it would wrap after "brown".
            var screen = await terminal.WaitForAsync("bob: the quick brown fox jumps over");
            Assert.DoesNotContain("1 room", screen);
            await terminal.WaitForAsync("unread @bob 1 · ann");

            // Wider again, the list is back.
            await terminal.ResizeAsync(100);
            await terminal.WaitForAsync("2 @bob 1");
        }, width: 45);
    }

    [SkippableFact]
    public Task A_long_line_wraps_onto_rows_that_start_under_its_text_not_under_its_time()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // 48 columns, the scrollback alone: "HH:mm bob: the quick brown fox jumps over the" (45), then the
            // rest under the text, six columns in (twelve if the line is drawn after midnight: "MM-dd HH:mm ").
            await bob.SendAsync("the quick brown fox jumps over the lazy dog and runs far away");
            var screen = await terminal.WaitForAsync("far away");
            var rest = Assert.Single(screen.Split('\n'), row => row.Contains("far away", StringComparison.Ordinal));
            Assert.Matches("^( {6}| {12})lazy dog and runs far away", rest);
        }, width: 48);
    }

    [SkippableFact]
    public Task Ctrl_L_draws_the_screen_anew_where_the_terminal_drew_a_character_wider_than_the_client_counts()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // A thumbs-up with a skin tone is one emoji, two columns, to Wcwidth; tmux draws it as two, four
            // columns, and the status line right below it came out shifted ("  n · 127.0.0.1…") until something
            // changed it. Lines enough before it to bring it down to the last row of the scrollback.
            for (var i = 1; i <= 6; i++)
            {
                await bob.SendAsync($"line {i}");
            }

            await bob.SendAsync("\U0001F44D\U0001F3FD thanks");
            await terminal.WaitForAsync(" thanks");
            await terminal.PressAsync("C-l");
            await terminal.WaitForAsync("ann · 127.0.0.1:"); // the status line, whole again
        }, width: 50, height: 8);
    }

    [SkippableFact]
    public Task A_long_paste_without_bracketed_paste_goes_in_at_once_and_keys_typed_together_act_in_order()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // A terminal without bracketed paste types a paste as one key per character. The input line took
            // them one at a time, each at the cost of the whole line: 3,000 characters kept the client busy for
            // 15 s and took 950 MB.
            var pasted = new string('x', 3000);
            await terminal.PasteAsync(pasted);
            await terminal.PressAsync("Enter");
            await bob.WaitForAsync($"ann: {pasted}\n");

            // Characters are put in together, so every other key waits for the ones typed before it.
            await terminal.TypeAsync("helo");
            await terminal.PressAsync("Left");
            await terminal.TypeAsync("l");
            await terminal.PressAsync("End");
            await terminal.TypeAsync(" 😀 world");
            await terminal.PressAsync("C-w");
            await terminal.EnterAsync("there");
            await bob.WaitForAsync("ann: hello 😀 there\n");

            // Ctrl+U counts what shows as one character as one, an emoji too (it cut inside the line before).
            await terminal.TypeAsync("😀😀 gone kept");
            await terminal.PressAsync("C-a");
            foreach (var _ in Enumerable.Range(0, 8))
            {
                await terminal.PressAsync("Right");
            }

            await terminal.PressAsync("C-u");
            await terminal.PressAsync("Enter");
            await bob.WaitForAsync("ann: kept\n");
        });
    }

    [SkippableFact]
    public Task The_full_screen_client_hides_the_messages_of_a_user_it_ignores()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            await using var carl = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "carl");
            await terminal.EnterAsync("/ignore bob");
            await terminal.WaitForAsync("Ignoring bob");

            // carl speaks once bob's line is out, so ann's gateway hears them in that order.
            await bob.SendAsync("spam in the room");
            await carl.WaitForAsync("bob: spam in the room\n");
            await carl.SendAsync("carl after bob");
            var screen = await terminal.WaitForAsync("carl: carl after bob");
            Assert.DoesNotContain("spam in the room", screen);
        });
    }

    [SkippableFact]
    public Task The_full_screen_client_resumes_on_another_gateway_marks_what_it_missed_and_keeps_the_typed_line_wide_characters_and_all()
    {
        var gateways = $"{Cluster.Gateway(1).Host}:{Cluster.Gateway(1).Port},{Cluster.Gateway(2).Host}:{Cluster.Gateway(2).Port}";
        return WithAnnAndBobAsync($"--gateways {gateways}", async (bob, terminal) =>
        {
            await terminal.WaitForAsync("ann · ");
            // Wide characters and an emoji (a surrogate pair) are one character each to Backspace.
            await terminal.TypeAsync("half typed 日本語 😀");
            await terminal.WaitForAsync("[room] half typed 日本語 😀");
            await terminal.PressAsync("BSpace");
            await terminal.PressAsync("BSpace");

            await Cluster.StopGatewayAsync(1);
            await bob.SendAsync("/pm ann while you were away");
            await terminal.WaitForAsync($"localhost:{Cluster.Gateway(2).Port} · connected".Replace("localhost", Cluster.Gateway(2).Host));
            await terminal.WaitForAsync("marked (missed).");
            await terminal.WaitForAsync("@bob 1");

            await terminal.PressAsync("M-2");
            await terminal.WaitForAsync("(missed) bob: while you were away");
            await terminal.EnterAsync(" and finished");
            var seen = await bob.WaitForAsync("(PM) ann: half typed 日本語 and finished\n");
            Assert.DoesNotContain("ann has gone offline.\n", seen);

            await QuitAsync(terminal, bob);
        });
    }

    [SkippableFact]
    public Task After_a_login_to_an_account_what_it_missed_goes_to_its_conversations_marked_missed()
    {
        const string password = "pupil's password";
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            await terminal.EnterAsync($"/login pupil {password}");
            await terminal.WaitForAsync("You are logged in as pupil.");
            await terminal.WaitForAsync("You missed 2 messages while you were away");

            // Filed where they belong, unread, not in the room shown.
            await terminal.WaitForAsync("(maths) 1");
            var screen = await terminal.WaitForAsync("@bob 1");
            Assert.DoesNotContain("homework for later", screen);
            Assert.DoesNotContain("psst, a secret", screen);

            await terminal.PressAsync("C-n");
            await terminal.WaitForAsync("(missed) bob: homework for later");
            await terminal.PressAsync("C-n");
            await terminal.WaitForAsync("(missed) bob: psst, a secret");
        }, before: async bob =>
        {
            await bob.SendAsync("/cg maths");
            await bob.WaitForAsync("Group maths created.\n");
            await Cluster.RegisterAccountAsync("pupil", password, gateway: 2, beforeQuit: async pupil =>
            {
                await pupil.SendAsync("/jg maths");
                await bob.WaitForAsync("pupil has joined group maths.\n");
            });

            await bob.WaitForAsync("pupil has gone offline.\n");
            await bob.SendAsync("/gc maths homework for later");
            await bob.SendAsync("/pm pupil psst, a secret");
            Assert.Equal(ChatText.OfflineAccount("pupil"), await bob.ReceiveAsync());
        });
    }

    [SkippableFact]
    public Task When_its_gateway_stops_the_client_says_so_resumes_on_another_shows_what_it_missed_and_keeps_the_typed_line()
    {
        var gateways = $"{Cluster.Gateway(1).Host}:{Cluster.Gateway(1).Port},{Cluster.Gateway(2).Host}:{Cluster.Gateway(2).Port}";
        return WithAnnPlainAndBobAsync($"--gateways {gateways}", async (bob, terminal) =>
        {
            await bob.SendAsync("hello ann");
            await terminal.WaitForAsync("bob: hello ann");
            await terminal.TypeAsync("half typed");

            await Cluster.StopGatewayAsync(1);
            await bob.SendAsync("/pm ann while you were away");
            var screen = await terminal.WaitForAsync("Reconnected to");
            Assert.Contains("This gateway is shutting down.", screen);
            await terminal.WaitForAsync("(PM) bob: while you were away");

            await terminal.EnterAsync(" and finished");
            var seen = await bob.WaitForAsync("ann: half typed and finished\n");
            Assert.DoesNotContain("ann has gone offline.\n", seen);

            await QuitAsync(terminal, bob);
        });
    }

    [SkippableFact]
    public Task A_line_over_the_frame_limit_is_refused_locally_and_a_pasted_burst_over_the_rate_limit_is_paced_and_all_sent()
    {
        return WithAnnPlainAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
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
        return WithAnnPlainAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
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

            await terminal.EnterAsync("!");
            await bob.WaitForAsync("ann: 日本語 !\n");
        }, width: 60);
    }

    [SkippableFact]
    public Task After_logout_or_a_login_elsewhere_the_client_ends_with_the_reason_and_does_not_reconnect()
    {
        const string Password = "correct horse battery";
        return WithAnnPlainAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            await terminal.EnterAsync($"/register {Password}");
            await terminal.WaitForAsync("ann is now your account.");

            // Reconnecting here would come back as a guest, "ann1", behind the user's back.
            await terminal.EnterAsync("/logout");
            var screen = await terminal.WaitForAsync("Disconnected: You have logged out of ann. Goodbye.");
            Assert.DoesNotContain("Reconnect", screen);
            await Eventually.TrueAsync(() => terminal.Exited, "the client has exited");

            await using var again = await TmuxSession.StartAsync(Client($"guest --plain {OnlyGateway(1)}"));
            await again.WaitForAsync("Welcome to the chat :)");
            await again.EnterAsync($"/login ann {Password}");
            await again.WaitForAsync("You are logged in as ann.");
            await again.WaitForAsync("ann: "); // the prompt takes the account's name

            // The teacher logs in from another machine: this client must not reconnect and take a name.
            await using var elsewhere = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "elsewhere");
            await elsewhere.SendAsync($"/login ann {Password}");
            Assert.Equal(ChatText.LoggedIn("ann"), await elsewhere.ReceiveAsync());
            screen = await again.WaitForAsync("Disconnected: You logged in to this account from somewhere else; this connection is closed.");
            Assert.DoesNotContain("Reconnect", screen);
            await Eventually.TrueAsync(() => again.Exited, "the second client has exited");
        });
    }

    [SkippableFact]
    public Task Closing_the_terminal_window_ends_the_login_at_once_as_quit_does()
    {
        return WithAnnAndBobAsync(OnlyGateway(1), async (bob, terminal) =>
        {
            // A hang-up is the user leaving, not a dropped connection: the server must not keep her login for a
            // resume, which would show her online to the others for the resume window (two minutes).
            await terminal.CloseAsync();
            await bob.WaitForAsync("ann has gone offline.\n");
            await bob.SendAsync("/lo");
            Assert.Equal("Online: bob\n", await bob.ReceiveAsync());
        });
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
