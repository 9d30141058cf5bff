using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// What a developer finds in the dashboard after one message: a single trace across both gateways, and
/// metrics that counted it. Read here through OpenTelemetry's in-memory exporter on the same pipeline.
/// </summary>
public sealed class TelemetryTests : ClusterTest
{
    private readonly ExportedSpans _spans = [];
    private readonly List<Metric> _metrics = [];

    protected override Task<ChatCluster> StartClusterAsync() =>
        // Both gateways run in this process, so gateway 1's providers see every span and meter of both.
        ChatCluster.StartAsync(2, configureGateway: (n, builder) =>
        {
            if (n == 1)
            {
                builder.Services.AddOpenTelemetry()
                    .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                    .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
            }
        });

    [Fact]
    public async Task A_broadcast_across_gateways_is_one_trace_from_command_through_producer_to_consumer()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await Cluster.WaitUntilLiveAsync(2, "bob");

        await alice.SendAsync("secret plans for friday");
        Assert.Equal("alice: secret plans for friday\n", await bob.ReceiveAsync());

        // The spans end, and are exported, in any order: a broadcast is pipelined (the command's span may end
        // before its publish is answered), and gateway 2 may deliver it before gateway 1 hears the answer.
        var gateway2 = Cluster.GatewayId(2);
        await Eventually.TrueAsync(() => Snapshot() is var all
            && all.SingleOrDefault(s => s.DisplayName == "chat broadcast" && Tag(s, "onlinechat.user") == "alice") is { } sent
            && all.Any(s => s.Kind == ActivityKind.Producer && s.ParentSpanId == sent.SpanId)
            && all.Any(s => s.Kind == ActivityKind.Consumer && s.TraceId == sent.TraceId && Tag(s, "onlinechat.gateway.id") == gateway2),
            "the broadcast's command, Producer and gateway 2's Consumer spans are exported");

        var spans = Snapshot();
        var command = Assert.Single(spans, s => s.DisplayName == "chat broadcast" && Tag(s, "onlinechat.user") == "alice");
        Assert.Equal(ActivityKind.Server, command.Kind);
        Assert.Equal(Cluster.GatewayId(1), Tag(command, "onlinechat.gateway.id"));

        var producer = Assert.Single(spans, s => s.Kind == ActivityKind.Producer && s.ParentSpanId == command.SpanId);
        Assert.Equal(BackplaneTelemetry.SourceName, producer.Source.Name);
        Assert.Equal("redis", Tag(producer, "messaging.system"));

        var consumers = spans.Where(s => s.Kind == ActivityKind.Consumer && s.TraceId == command.TraceId).ToList();
        Assert.All(consumers, c => Assert.Equal(producer.SpanId, c.ParentSpanId));
        var delivery = Assert.Single(consumers, c => Tag(c, "onlinechat.gateway.id") == gateway2);
        Assert.Equal(1, delivery.GetTagItem(GatewayTelemetry.RecipientsTag));
        Assert.True(delivery.StartTimeUtc >= producer.StartTimeUtc, "the Consumer span starts after the Producer span");

        // The message text is the users' business, not the operator's.
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value is string v && v.Contains("secret plans", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_count_the_delivery_its_latency_and_the_connected_clients_of_each_gateway()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        await using var carol = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "carol");
        await Cluster.WaitUntilLiveAsync(2, "bob");
        await Cluster.WaitUntilLiveAsync(2, "carol");

        await alice.SendAsync("hello both");
        Assert.Equal("alice: hello both\n", await bob.ReceiveAsync());
        Assert.Equal("alice: hello both\n", await carol.ReceiveAsync());

        var gateway2 = Cluster.GatewayId(2);
        long latencyCount = 0;
        await Eventually.TrueAsync(() =>
        {
            latencyCount = HistogramCount("onlinechat.gateway.delivery.latency", gateway2, "Broadcast");
            return latencyCount >= 1;
        }, "gateway 2 recorded the broadcast's delivery latency");
        Assert.Equal(1, latencyCount);
        // Buckets made for it: a loopback delivery lands in one of the first (not in "up to 5 s").
        var latency = Assert.Single(Points("onlinechat.gateway.delivery.latency", gateway2, "Broadcast"));
        var buckets = new List<(double Bound, long Count)>();
        foreach (var bucket in latency.GetHistogramBuckets())
        {
            buckets.Add((bucket.ExplicitBound, bucket.BucketCount));
        }

        Assert.Equal([.. GatewayMetrics.DeliveryLatencyBoundaries, double.PositiveInfinity], buckets.Select(b => b.Bound));
        Assert.True(buckets.Single(b => b.Count == 1).Bound <= 0.1, $"a loopback delivery was counted as slow: {string.Join(", ", buckets)}");
        Assert.Equal(2, Sum("onlinechat.gateway.deliveries", gateway2, "Broadcast"));
        Assert.Equal(1, Sum("onlinechat.gateway.active_connections", Cluster.GatewayId(1)));
        Assert.Equal(2, Sum("onlinechat.gateway.active_connections", gateway2));
    }

    [Fact]
    public async Task Housekeeping_leaves_no_trace_while_a_login_is_one_trace_with_its_redis_and_presence_calls()
    {
        // Lease renewals run every 1.5 s on each gateway, the presence probe every 2 s: wait for several of each.
        var renewals = await ScriptCallsAsync();
        await Eventually.TrueAsync(async () => await ScriptCallsAsync() >= renewals + 8, "eight more Redis script calls (lease renewals)");

        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");

        // The login is one trace: the gateway's span, with the presence call and Redis commands beneath it.
        // (Redis spans are exported a little after the command, when the client's profiler hands them over.)
        Activity? login = null;
        await Eventually.TrueAsync(() =>
        {
            Cluster.Services(1).GetRequiredService<TracerProvider>().ForceFlush();
            var spans = Snapshot();
            login = spans.SingleOrDefault(s => s.DisplayName == "chat login" && Tag(s, "onlinechat.user") == "alice");
            return login is not null
                && spans.Any(s => s.TraceId == login.TraceId && s.Kind == ActivityKind.Client && s.ParentSpanId == login.SpanId)
                && spans.Any(s => s.TraceId == login.TraceId && s.Kind == ActivityKind.Client && s.Source.Name.Contains("Redis", StringComparison.Ordinal));
        }, "the login's trace, with its presence call and Redis commands, is exported");
        Assert.Equal(default, login!.ParentSpanId);

        // Nobody asked for a Client span without a parent: a renewal, a sweep, a probe. None is exported.
        Assert.DoesNotContain(Snapshot(), s => s.Kind == ActivityKind.Client && s.ParentSpanId == default);
    }

    private async Task<long> ScriptCallsAsync()
    {
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString + ",allowAdmin=true");
        var stats = (await admin.GetServers()[0].InfoAsync("commandstats")).SelectMany(g => g).ToList();
        return stats.Where(kv => kv.Key is "cmdstat_evalsha" or "cmdstat_eval")
            .Sum(kv => long.Parse(kv.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private List<Activity> Snapshot() => _spans.Snapshot();

    private static string? Tag(Activity span, string key) => span.GetTagItem(key) as string;

    private List<MetricPoint> Points(string name, string gatewayId, string? kind)
    {
        _metrics.Clear();
        Cluster.Services(1).GetRequiredService<MeterProvider>().ForceFlush();
        var points = new List<MetricPoint>();
        foreach (var metric in _metrics.Where(m => m.Name == name
            && m.MeterTags?.Any(t => t.Key == "onlinechat.gateway.id" && (string?)t.Value == gatewayId) == true))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointKind = default(string);
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "onlinechat.event.kind")
                    {
                        pointKind = tag.Value as string;
                    }
                }

                if (kind is null || pointKind == kind)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private long Sum(string name, string gatewayId, string? kind = null) =>
        Points(name, gatewayId, kind).Sum(p => p.GetSumLong());

    private long HistogramCount(string name, string gatewayId, string kind) =>
        Points(name, gatewayId, kind).Sum(p => p.GetHistogramCount());
}
