using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A session that joins with a long past (a resume after a busy while, an account's first login in days) reads
/// more than a page of the log. That read held the gateway's turn, so every other user there waited for it
/// (docs/operations.md, "Known limits"); now only its first page and what came during the bulk are read in the turn,
/// an account's missed lines reach it as one block, not with its guest name's live lines among them, and nothing of
/// it, the first page included, is sent faster than the client reads.
/// </summary>
public sealed class LongCatchUpTests : ClusterTest
{
    /// <summary>Entries written straight into the log: more than two pages, each a PM with the text "old".</summary>
    private const int OldEntries = 2 * RelayListener.Page + 500;

    [Fact]
    public async Task The_gateways_other_users_get_their_lines_while_a_long_catch_up_reads_its_bulk()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await WriteOldEntriesAsync(); // nobody hears these live

        var pause = new BulkPause(_ => null);
        var session = NewSession("long-catch-up", new Pipe());
        var relay = Cluster.Services(1).GetRequiredService<RelayListener>();
        var attaching = Task.Run(() => relay.AttachAsync(session, LogId.Zero, pause.Pick, _ => { }, toEnd: true));
        await pause.InBulk.WaitAsync(ChatTestClient.Deadline);

        // Mid-bulk: a PM to a user of the same gateway is delivered now, not after the catch-up.
        await bob.SendAsync("/pm ann while the catch-up reads");
        Assert.Equal("(PM) bob: while the catch-up reads\n", await ann.ReceiveAsync());

        pause.GoOn();
        var attached = await attaching.WaitAsync(ChatTestClient.Deadline);
        Assert.True(pause.Picked >= OldEntries, $"the catch-up read the whole log ({pause.Picked} entries)");
        Assert.Equal(0, attached.Sent);
        // To the log's end, the PM written mid-bulk included, and live delivery skips what it read.
        var end = await Cluster.Services(1).GetRequiredService<MessageLog>().LastIdAsync();
        Assert.Equal(end, attached.Position);
        Assert.Equal(end, session.SkipThrough);
    }

    [Fact]
    public async Task An_accounts_long_catch_up_reaches_its_session_as_one_block_after_the_live_lines_that_came_meanwhile()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await WriteOldEntriesAsync();
        // Gateway 1's position passes those entries (an account's catch-up reads up to it).
        await bob.SendAsync("after the old entries");
        Assert.Equal("bob: after the old entries\n", await ann.ReceiveAsync());

        // A session of gateway 1 under a guest name, logging in to an account: every "old" entry is a missed line.
        var pause = new BulkPause(entry => entry.Event.Text == "old" ? "[missed] old\n" : null);
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // read only at the end: never make the writer wait
        var session = NewSession("login-catch-up", output);
        session.User = "guest";
        session.Token = "gateway-1/login-catch-up";
        var registry = Cluster.Services(1).GetRequiredService<SessionRegistry>();
        registry.Add(session);
        try
        {
            var relay = Cluster.Services(1).GetRequiredService<RelayListener>();
            var attaching = Task.Run(() => relay.AttachAsync(session, LogId.Zero, pause.Pick, _ => { }));
            await pause.InBulk.WaitAsync(ChatTestClient.Deadline);

            // Mid-bulk: a broadcast reaches the guest name live.
            await bob.SendAsync("while the catch-up reads");
            Assert.Equal("bob: while the catch-up reads\n", await ann.ReceiveAsync());
            pause.GoOn();
            var attached = await attaching.WaitAsync(ChatTestClient.Deadline);
            Assert.Equal(OldEntries, attached.Sent);

            // What the session got: the live line (the guest had it on its screen already, as it came), then
            // every missed line in one block; never a live line among them.
            var frames = new List<string>();
            for (var i = 0; i < attached.Sent + 1; i++)
            {
                using var timeout = new CancellationTokenSource(ChatTestClient.Deadline);
                frames.Add(await output.Reader.ReadFrameTextAsync(1 << 16, timeout.Token) ?? "<closed>");
            }

            Assert.Equal("bob: while the catch-up reads\n", frames[0]);
            Assert.All(frames.Skip(1), line => Assert.Equal("[missed] old\n", line));
        }
        finally
        {
            registry.Remove(session);
        }
    }

    [Fact]
    public async Task A_resume_after_a_long_busy_while_is_sent_no_faster_than_its_client_reads_and_gets_every_line()
    {
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await ben.DisposeAsync(); // The network goes.
        // 25 MB for ben: far more than his queue may hold (Gateway:OutboundQueueBytes, 1 MiB) plus what the
        // kernel's buffers take, even on loopback.
        var text = new string('x', 400);
        const int entries = 60 * RelayListener.Page;
        await WriteEntriesAsync(entries, "ben", text);

        // A client on a slow link: it reads all the time, about 4 MB/s (a pause of a millisecond every 10 lines).
        await using var back = await ChatTestClient.ConnectAsync(Cluster.Gateway(2));
        Assert.Equal(ChatText.Ack, await back.ReceiveAsync());
        await back.SendAsync($"{Handshake.Command} resume ben {ben.Secret} {ben.LastSeen}");
        Assert.Equal("ben", await back.ReceiveAsync());
        Assert.Equal(ChatText.WelcomeBack, await back.ReceiveAsync());
        var got = 0;
        for (var frame = await back.ReceiveAsync(); !frame.StartsWith("/resumed ", StringComparison.Ordinal); frame = await back.ReceiveAsync())
        {
            Assert.Equal($"(PM) x: {text}\n", frame);
            Assert.True(++got <= entries, "no /resumed line");
            if (got % 10 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.Equal(entries, got);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_catch_up_of_long_lines_is_paced_by_its_reader_from_its_first_page_on(bool resume)
    {
        // Fewer entries than a page, each line 4 KB: 2 MB that went to the client at once in the turn (a resume's
        // first page, or an account's held block), 32 times what its queue may hold (64 KiB, no kernel buffer
        // here: a pipe that waits for its reader past 16 KiB), so a client reading all along was cut off.
        var text = new string('y', 4000);
        const int entries = RelayListener.Page / 2;
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        // From here: the other tests' tens of thousands of entries before it would only slow the read.
        var before = await Cluster.Services(1).GetRequiredService<MessageLog>().LastIdAsync();
        await WriteEntriesAsync(entries, "nobody", text);
        // Gateway 1's position passes those entries (an account's catch-up reads up to it).
        await bob.SendAsync("after the long entries");
        Assert.Equal("bob: after the long entries\n", await ann.ReceiveAsync());

        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 10, resumeWriterThreshold: 8 << 10));
        using var cutOff = new CancellationTokenSource();
        var session = NewSession(resume ? "slow-resume" : "slow-login", output, queueLimitBytes: 64 << 10, onOverflow: _ => cutOff.Cancel());
        var relay = Cluster.Services(1).GetRequiredService<RelayListener>();
        var attaching = Task.Run(() => relay.AttachAsync(session, before,
            entry => entry.Event.Text == text ? $"[missed] {text}\n" : null, _ => { }, toEnd: resume));

        var got = 0;
        try
        {
            for (; got < entries; got++)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cutOff.Token);
                timeout.CancelAfter(ChatTestClient.Deadline);
                Assert.Equal($"[missed] {text}\n", await output.Reader.ReadFrameTextAsync(1 << 16, timeout.Token));
            }
        }
        catch (OperationCanceledException) when (cutOff.IsCancellationRequested)
        {
        }

        var attached = await attaching.WaitAsync(ChatTestClient.Deadline);
        Assert.False(cutOff.IsCancellationRequested, $"the client was cut off after {got} of {entries} lines");
        Assert.Equal(entries, got);
        Assert.Equal(entries, attached.Sent);
    }

    private Task WriteOldEntriesAsync() => WriteEntriesAsync(OldEntries, "nobody", "old");

    /// <summary>Writes <paramref name="count"/> PMs from x with <paramref name="text"/> for <paramref name="audience"/> straight into the log: nobody hears them live.</summary>
    private async Task WriteEntriesAsync(int count, string audience, string text)
    {
        var keys = Cluster.Services(1).GetRequiredService<ChatKeys>();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString);
        await redis.GetDatabase().ScriptEvaluateAsync(
            "for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'a', ARGV[2], 'e', ARGV[3]) end",
            [keys.Log], [count, audience, $$"""{"Kind":"Private","User":"x","Text":"{{text}}"}"""]);
    }

    /// <summary>A session of gateway 1 whose frames go to <paramref name="output"/> (no socket).</summary>
    private static ChatSession NewSession(string connectionId, Pipe output, long queueLimitBytes = 64 << 20, Action<ChatSession>? onOverflow = null) => new(
        new DefaultConnectionContext(connectionId, new Duplex(new Pipe().Reader, output.Writer), new Duplex(output.Reader, new Pipe().Writer)),
        queueLimitBytes, onOverflow ?? (_ => { }));

    /// <summary>A catch-up's pick that stops at the first entry of its second page (outside the turn) until the test lets it go on.</summary>
    private sealed class BulkPause(Func<LoggedEvent, string?> line)
    {
        private readonly TaskCompletionSource _inBulk = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _goOn = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _picked;

        public Task InBulk => _inBulk.Task;

        public int Picked => Volatile.Read(ref _picked);

        public void GoOn() => _goOn.SetResult();

        public string? Pick(LoggedEvent entry)
        {
            if (Interlocked.Increment(ref _picked) == RelayListener.Page + 1)
            {
                _inBulk.SetResult();
                _goOn.Task.Wait(TimeSpan.FromSeconds(60));
            }

            return line(entry);
        }
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
