using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A client sending faster than its token bucket allows: refused out loud, others unaffected; a client that
/// numbers its frames is slowed to the limit instead.
/// </summary>
public sealed class FloodTests : ClusterTest
{
    private const int PerSecond = 5;
    private const int Burst = 10;
    private readonly FrozenClock _clock = new();

    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2,
            new() { ["Gateway:MessagesPerSecond"] = PerSecond.ToString(), ["Gateway:MessageBurst"] = Burst.ToString() },
            (_, builder) => builder.Services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task Frames_over_the_burst_are_refused_with_a_notice_and_the_rest_flow_in_order()
    {
        await using var flooder = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "flooder");
        await using var calm = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "calm");
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "listener");

        // Fifty frames in one write: the clock stands still, so exactly the burst gets through.
        const int sent = 50;
        await flooder.SendRawAsync([.. Enumerable.Range(0, sent).SelectMany(i => FrameWriter.Encode($"m{i}"))]);

        var tooFast = ChatText.Error(ChatText.TooFast(PerSecond));
        for (var i = 0; i < sent - Burst; i++)
        {
            Assert.Equal(tooFast, await flooder.ReceiveAsync());
        }

        await calm.SendAsync("still here");
        var beforeCalm = await listener.WaitForAsync("calm: still here\n");
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"flooder: m{i}\n"), beforeCalm);

        // A second later the bucket holds five tokens again.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await flooder.SendAsync("calmer now");
        Assert.Equal("flooder: calmer now\n", await listener.ReceiveAsync());
    }

    [Fact]
    public async Task Numbered_frames_over_the_burst_wait_for_the_limit_and_none_is_refused()
    {
        // A client that resumes numbers its lines, paces them and keeps each until it is acknowledged. A paste
        // that queued up while the gateway was busy still arrives at once: it is slowed to the limit, in
        // order, not refused.
        await using var paster = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "paster");
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "listener");
        const int seconds = 2;
        const int sent = Burst + seconds * PerSecond;
        await paster.SendRawAsync([.. Enumerable.Range(1, sent).SelectMany(n => FrameWriter.Encode(NumberedFrame.Format(n, $"line {n}")))]);

        // The clock stands still: the burst goes through, the rest goes as the clock moves.
        var next = 1;
        for (; next <= Burst; next++)
        {
            Assert.Equal($"paster: line {next}\n", await listener.ReceiveAsync());
        }

        for (var second = 0; second < seconds; second++)
        {
            // A little over a second: the bucket's refill is floating point.
            _clock.Advance(TimeSpan.FromSeconds(1.1));
            for (var i = 0; i < PerSecond; i++, next++)
            {
                Assert.Equal($"paster: line {next}\n", await listener.ReceiveAsync());
            }
        }

        // Only acknowledgements came back, one for each (a broadcast's when Redis has it: in any order).
        var replies = new List<string>();
        for (var i = 0; i < sent; i++)
        {
            replies.Add(await paster.ReceiveAsync());
        }

        Assert.Equal(Enumerable.Range(1, sent).Select(n => NumberedFrame.Ack(n)).Order(), replies.Order());
    }

    [Fact]
    public async Task Quit_is_never_rate_limited()
    {
        await using var flooder = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "quitter");
        await flooder.SendRawAsync([.. Enumerable.Range(0, Burst).SelectMany(i => FrameWriter.Encode($"m{i}")), .. FrameWriter.Encode("/quit")]);

        var frames = await flooder.ReadUntilClosedAsync();
        Assert.Equal(ChatText.Goodbye, frames[^1]);
        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("quitter") is null, "quitter's name is released");
    }
}
