namespace OnlineChat.Integration.Tests.Terminal;

/// <summary>
/// A program running in a real terminal: a detached tmux session of a fixed size, driven as a person would
/// (<see cref="TypeAsync"/>, keys) and read back as the screen shows it (<see cref="ScreenAsync"/>).
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _name = "oc-test-" + Guid.NewGuid().ToString("N")[..8];

    private TmuxSession()
    {
    }

    /// <summary>Whether tmux is on PATH (test.sh installs it; a test that needs it is skipped, visibly, without it).</summary>
    public static bool IsAvailable => Run("-V").ExitCode == 0;

    public static async Task<TmuxSession> StartAsync(string command, int width = 120, int height = 40)
    {
        var session = new TmuxSession();
        // remain-on-exit keeps the pane (and its last screen) after the program ends, so a test can read it.
        var started = Run("new-session", "-d", "-s", session._name, "-x", width.ToString(), "-y", height.ToString(), command);
        Assert.True(started.ExitCode == 0, $"tmux new-session failed: {started.Output}");
        Run("set-option", "-t", session._name, "remain-on-exit", "on");
        await Task.CompletedTask;
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally (no Enter).</summary>
    public Task TypeAsync(string text)
    {
        Run("send-keys", "-t", _name, "-l", text);
        return Task.CompletedTask;
    }

    /// <summary>Types <paramref name="line"/> and presses Enter, as a person entering a line.</summary>
    public async Task EnterAsync(string line)
    {
        await TypeAsync(line);
        await PressAsync("Enter");
    }

    /// <summary>
    /// Pastes <paramref name="text"/> at once, as a terminal does: tmux turns each newline into Enter, and
    /// with <paramref name="bracketed"/> wraps it in bracketed-paste marks if the program asked for them.
    /// </summary>
    public Task PasteAsync(string text, bool bracketed = false)
    {
        var buffer = $"{_name}-paste";
        Assert.Equal(0, Run("set-buffer", "-b", buffer, text).ExitCode);
        Assert.Equal(0, Run(["paste-buffer", "-d", .. bracketed ? ["-p"] : Array.Empty<string>(), "-b", buffer, "-t", _name]).ExitCode);
        return Task.CompletedTask;
    }

    /// <summary>Presses keys by tmux's names: "Enter", "C-c", "BSpace".</summary>
    public Task PressAsync(string key)
    {
        Run("send-keys", "-t", _name, key);
        return Task.CompletedTask;
    }

    /// <summary>Resizes the terminal, as a user drags its window's edge: the program gets SIGWINCH.</summary>
    public Task ResizeAsync(int width, int height = 40)
    {
        Assert.Equal(0, Run("resize-window", "-t", _name, "-x", width.ToString(), "-y", height.ToString()).ExitCode);
        return Task.CompletedTask;
    }

    /// <summary>The screen and its scrollback, as text.</summary>
    public Task<string> ScreenAsync() => Task.FromResult(Run("capture-pane", "-p", "-J", "-S", "-2000", "-t", _name).Output);

    /// <summary>Whether the program in the pane has ended.</summary>
    public bool Exited => Run("display-message", "-p", "-t", _name, "#{pane_dead}").Output.Trim() == "1";

    /// <summary>Waits (checking every 100 ms, up to <paramref name="within"/>) until the screen holds <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        var screen = "";
        while (DateTime.UtcNow < until)
        {
            screen = await ScreenAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"'{text}' did not appear on the screen:\n{screen}");
    }

    /// <summary>Closes the terminal, as a user closes its window: the program gets a hang-up (SIGHUP).</summary>
    public Task CloseAsync()
    {
        Run("kill-session", "-t", _name);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Run("kill-session", "-t", _name);
        return ValueTask.CompletedTask;
    }

    private static (int ExitCode, string Output) Run(params string[] args) => CommandLine.Run("tmux", args);
}
