using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>A client sending faster than its token bucket allows: refused out loud, others unaffected.</summary>
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
    public async Task Quit_is_never_rate_limited()
    {
        await using var flooder = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "quitter");
        await flooder.SendRawAsync([.. Enumerable.Range(0, Burst).SelectMany(i => FrameWriter.Encode($"m{i}")), .. FrameWriter.Encode("/quit")]);

        var frames = await flooder.ReadUntilClosedAsync();
        Assert.Equal(ChatText.Goodbye, frames[^1]);
        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("quitter") is null, "quitter's name is released");
    }
}
