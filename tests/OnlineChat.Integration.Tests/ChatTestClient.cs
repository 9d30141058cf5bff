using OnlineChat.Client;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests;

/// <summary>A real TCP chat client for tests; every wait has a deadline.</summary>
public sealed class ChatTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly FrameConnection _connection;
    private Task<string?>? _pendingReceive;

    private ChatTestClient(FrameConnection connection) => _connection = connection;

    public string Name { get; private set; } = "";

    /// <summary>For a client that resumes (docs/protocol.md, "Resuming"): the secret the server gave it, and the last log id it has.</summary>
    public string? Secret { get; private set; }

    public LogId LastSeen { get; private set; } = LogId.Zero;

    /// <summary>A name no other test uses: tests share a system, never a user.</summary>
    public static string UniqueName(string stem) => $"{stem}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <param name="tlsFingerprint">Connect through TLS, pinning the server certificate's SHA-256 (hex).</param>
    public static async Task<ChatTestClient> ConnectAsync(Uri gateway, string? tlsFingerprint = null)
    {
        using var cts = new CancellationTokenSource(Deadline);
        return new ChatTestClient(await FrameConnection.ConnectAsync(gateway.Host, gateway.Port, cts.Token, tls: tlsFingerprint is not null, tlsFingerprint));
    }

    /// <summary>Connects and completes the seed handshake: ACK, name, final name, welcome.</summary>
    public static async Task<ChatTestClient> LoginAsync(Uri gateway, string requestedName, string? tlsFingerprint = null)
    {
        var client = await ConnectAsync(gateway, tlsFingerprint);
        Assert.Equal(ChatText.Ack, await client.ReceiveFrameAsync());
        await client.SendAsync(requestedName);
        client.Name = await client.ReceiveFrameAsync();
        Assert.Equal(ChatText.Welcome, await client.ReceiveFrameAsync());
        return client;
    }

    /// <summary>Logs in as a client that resumes: <c>/session new</c>, and reads up to the session line with its secret.</summary>
    public static async Task<ChatTestClient> LoginResumableAsync(Uri gateway, string requestedName)
    {
        var client = await ConnectAsync(gateway);
        Assert.Equal(ChatText.Ack, await client.ReceiveFrameAsync());
        await client.SendAsync($"{Handshake.Command} new {requestedName}");
        client.Name = await client.ReceiveFrameAsync();
        Assert.Equal(ChatText.Welcome, await client.ReceiveFrameAsync());
        await client.WaitForPrefixAsync("/session ");
        return client;
    }

    /// <summary>
    /// Resumes this client's login on <paramref name="gateway"/> with what it has seen: a new client whose first
    /// frames (after the final name and the welcome back) are what it missed, up to the /resumed line.
    /// Returns the new client and the lines it missed.
    /// </summary>
    /// <param name="lastSeen">Resume from here instead of the last log id it has, as a client that had not heard a line yet.</param>
    public async Task<(ChatTestClient Client, List<string> Missed)> ResumeAsync(Uri gateway, LogId? lastSeen = null)
    {
        var client = await ConnectAsync(gateway);
        client.Secret = Secret;
        client.LastSeen = lastSeen ?? LastSeen;
        Assert.Equal(ChatText.Ack, await client.ReceiveFrameAsync());
        await client.SendAsync($"{Handshake.Command} resume {Name} {Secret} {client.LastSeen}");
        client.Name = await client.ReceiveFrameAsync();
        Assert.Equal(ChatText.WelcomeBack, await client.ReceiveFrameAsync());
        var missed = new List<string>();
        for (var frame = await client.ReceiveFrameAsync(); !frame.StartsWith("/resumed ", StringComparison.Ordinal); frame = await client.ReceiveFrameAsync())
        {
            Assert.True(missed.Count < 100_000, "no /resumed line");
            missed.Add(frame);
        }

        Assert.StartsWith("/session ", await client.ReceiveFrameAsync());
        return (client, missed);
    }

    /// <summary>
    /// Logs in, trying again (every 100 ms, within <paramref name="within"/>) while the server refuses, as a
    /// person would right after an outage; fails with the last refusal.
    /// </summary>
    public static async Task<ChatTestClient> LoginWhenPossibleAsync(Uri gateway, string requestedName, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await LoginAsync(gateway, requestedName);
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < until && attempt < 1000)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task SendAsync(string text) => _connection.SendAsync(text, CancellationToken.None);

    public Task SendRawAsync(byte[] bytes) => _connection.SendRawAsync(bytes, CancellationToken.None);

    /// <summary>
    /// The next frame other than another user's online/offline notice (those arrive whenever users of other
    /// tests come and go; tests that care wait for them with <see cref="WaitForAsync"/>). Fails the test if
    /// nothing comes before the deadline or the server closed.
    /// </summary>
    public async Task<string> ReceiveAsync()
    {
        // Bounded, but generously: under churn a client can hear thousands of them in a row.
        for (var i = 0; i < 100_000; i++)
        {
            var frame = await ReceiveFrameAsync();
            if (!frame.EndsWith(" is now online.\n", StringComparison.Ordinal) && !frame.EndsWith(" has gone offline.\n", StringComparison.Ordinal))
            {
                return frame;
            }
        }

        throw new Xunit.Sdk.XunitException($"{Name}: only presence notices kept arriving.");
    }

    private async Task<string> ReceiveFrameAsync() =>
        await ReceiveOrCloseAsync() ?? throw new Xunit.Sdk.XunitException($"{Name}: the server closed the connection.");

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<string?> ReceiveOrCloseAsync()
    {
        // A receive that timed out stays pending and is picked up by the next call, so no frame is lost.
        _pendingReceive ??= _connection.ReceiveAsync(CancellationToken.None);
        try
        {
            return Note(await _pendingReceive.WaitAsync(Deadline));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{Name}: nothing received within {Deadline.TotalSeconds} s.");
        }
        catch (IOException)
        {
            return null; // Reset by the server: closed as far as the user can tell.
        }
        finally
        {
            if (_pendingReceive.IsCompleted)
            {
                _pendingReceive = null;
            }
        }
    }

    /// <summary>The next frame if one comes within <paramref name="within"/>, else null; a frame arriving later is kept for the next call.</summary>
    public async Task<string?> TryReceiveAsync(TimeSpan within)
    {
        _pendingReceive ??= _connection.ReceiveAsync(CancellationToken.None);
        try
        {
            return Note(await _pendingReceive.WaitAsync(within));
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            if (_pendingReceive.IsCompleted)
            {
                _pendingReceive = null;
            }
        }
    }

    /// <summary>
    /// Keeps what a client that resumes must remember (its secret, the last log id) and hands on a logged line
    /// as the seed's text, so tests compare texts the same way for both kinds of client.
    /// </summary>
    private string? Note(string? frame)
    {
        switch (frame is null ? null : ServerFrame.Parse(frame))
        {
            case LoggedLine line:
                LastSeen = LogId.Max(LastSeen, line.Id);
                return line.Text;
            case SessionDetails details:
                Name = details.Name; // A /login's session line names the account now.
                Secret = details.Secret;
                LastSeen = LogId.Max(LastSeen, details.Position);
                return frame;
            default:
                return frame;
        }
    }

    /// <summary>Reads frames until one equals <paramref name="expected"/>; returns those skipped before it.</summary>
    public async Task<List<string>> WaitForAsync(string expected)
    {
        var skipped = new List<string>();
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReceiveFrameAsync();
            if (frame == expected)
            {
                return skipped;
            }

            skipped.Add(frame);
        }

        throw new Xunit.Sdk.XunitException($"{Name}: '{expected.TrimEnd()}' did not arrive; got {string.Join(" | ", skipped)}");
    }

    /// <summary>Reads frames until one starts with <paramref name="prefix"/>; returns it.</summary>
    public async Task<string> WaitForPrefixAsync(string prefix)
    {
        var skipped = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            var frame = await ReceiveExplainingAsync($"'{prefix}'", skipped);
            if (frame.StartsWith(prefix, StringComparison.Ordinal))
            {
                return frame;
            }

            skipped.Add(frame);
        }

        throw new Xunit.Sdk.XunitException($"{Name}: nothing starting '{prefix}' among {Skipped(skipped)}");
    }

    /// <summary>The next frame, as <see cref="ReceiveAsync"/>; when none comes, the failure says what came instead of <paramref name="awaited"/>.</summary>
    private async Task<string> ReceiveExplainingAsync(string awaited, List<string> skipped)
    {
        try
        {
            return await ReceiveAsync();
        }
        catch (Xunit.Sdk.XunitException silence)
        {
            // What came instead is what tells why the answer did not.
            throw new Xunit.Sdk.XunitException($"{silence.Message} Waiting for {awaited}, got {Skipped(skipped)}");
        }
    }

    private static string Skipped(List<string> frames) =>
        frames.Count == 0 ? "nothing else" : string.Join(" | ", frames.Take(20).Select(f => f.TrimEnd()));

    /// <summary>
    /// Sends <paramref name="command"/> and returns its answer, the frame starting with <paramref name="prefix"/>.
    /// While Redis or presence is coming back the gateway answers "try again shortly"; a person does, and so
    /// does this, until <paramref name="within"/> has passed.
    /// </summary>
    public async Task<string> AskWhenPossibleAsync(string command, string prefix, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        var skipped = new List<string>();
        for (var attempt = 0; attempt < 1000 && DateTime.UtcNow < until; attempt++)
        {
            await SendAsync(command);
            for (var i = 0; i < 1000; i++)
            {
                var frame = await ReceiveExplainingAsync($"'{prefix}' after '{command}'", skipped);
                if (frame.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return frame;
                }

                skipped.Add(frame);
                if (frame == ChatText.Error(ChatText.DirectoryUnavailable) || frame == ChatText.Error(ChatText.RelayUnavailable))
                {
                    break;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{Name}: '{command}' was not answered within {within.TotalSeconds} s; got {Skipped(skipped)}");
    }

    /// <summary>The next answer to /lo, skipping anything else.</summary>
    public Task<string> WaitForOnlineListAsync() => WaitForPrefixAsync("Online: ");

    /// <summary>The next answer to /members, skipping anything else.</summary>
    public Task<string> WaitForMembersAsync() => WaitForPrefixAsync("Members of ");

    /// <summary>This client creates <paramref name="group"/> and <paramref name="member"/> joins it; returns once the owner has seen the join.</summary>
    public async Task FormGroupWithAsync(ChatTestClient member, string group)
    {
        await SendAsync($"/cg {group}");
        await WaitForAsync($"Group {group} created.\n");
        await member.SendAsync($"/jg {group}");
        await WaitForAsync($"{member.Name} has joined group {group}.\n");
    }

    /// <summary>Reads until the server closes; returns what it said last.</summary>
    public async Task<List<string>> ReadUntilClosedAsync()
    {
        var frames = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            if (await ReceiveOrCloseAsync() is not { } frame)
            {
                return frames;
            }

            frames.Add(frame);
        }

        throw new Xunit.Sdk.XunitException($"{Name}: the server kept talking instead of closing.");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
