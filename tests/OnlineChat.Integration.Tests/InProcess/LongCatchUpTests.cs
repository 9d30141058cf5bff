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
/// (docs/operations.md, "Known limits"); now only its first page and what came during the bulk are read in the turn.
/// </summary>
public sealed class LongCatchUpTests : ClusterTest
{
    [Fact]
    public async Task The_gateways_other_users_get_their_lines_while_a_long_catch_up_reads_its_bulk()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        // A log of more than two pages, written straight into the stream: nobody hears these live.
        var keys = Cluster.Services(1).GetRequiredService<ChatKeys>();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString))
        {
            await redis.GetDatabase().ScriptEvaluateAsync(
                "for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'a', 'nobody', 'e', ARGV[2]) end",
                [keys.Log], [2 * RelayListener.Page + 500, """{"Kind":"Private","User":"x","Text":"old"}"""]);
        }

        // The catch-up stops at the first entry of its second page until the test lets it go on.
        var inBulk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var goOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var picked = 0;
        string? Pick(LoggedEvent entry)
        {
            if (Interlocked.Increment(ref picked) == RelayListener.Page + 1)
            {
                inBulk.SetResult();
                goOn.Task.Wait(TimeSpan.FromSeconds(60));
            }

            return null;
        }

        var pipe = new Pipe();
        var session = new ChatSession(
            new DefaultConnectionContext("long-catch-up", new Duplex(pipe.Reader, pipe.Writer), new Duplex(pipe.Reader, pipe.Writer)),
            queueLimitBytes: 1 << 20, onOverflow: _ => { });
        var relay = Cluster.Services(1).GetRequiredService<RelayListener>();
        var attaching = Task.Run(() => relay.AttachAsync(session, LogId.Zero, Pick, _ => { }, toEnd: true));
        await inBulk.Task.WaitAsync(ChatTestClient.Deadline);

        // Mid-bulk: a PM to a user of the same gateway is delivered now, not after the catch-up.
        await bob.SendAsync("/pm ann while the catch-up reads");
        Assert.Equal("(PM) bob: while the catch-up reads\n", await ann.ReceiveAsync());

        goOn.SetResult();
        var attached = await attaching.WaitAsync(ChatTestClient.Deadline);
        Assert.True(picked >= 2 * RelayListener.Page + 500, $"the catch-up read the whole log ({picked} entries)");
        Assert.Equal(0, attached.Sent);
        // To the log's end, the PM written mid-bulk included, and live delivery skips what it read.
        var end = await Cluster.Services(1).GetRequiredService<MessageLog>().LastIdAsync();
        Assert.Equal(end, attached.Position);
        Assert.Equal(end, session.SkipThrough);
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
