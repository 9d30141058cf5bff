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
    private readonly List<Activity> _spans = [];
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

        await alice.SendAsync("secret plans for friday");
        Assert.Equal("alice: secret plans for friday\n", await bob.ReceiveAsync());

        var gateway2 = Cluster.GatewayId(2);
        await Eventually.TrueAsync(() => Snapshot().Any(s => s.Kind == ActivityKind.Consumer && Tag(s, "onlinechat.gateway.id") == gateway2
            && (int?)s.GetTagItem(GatewayTelemetry.RecipientsTag) == 1), "gateway 2's Consumer span for the broadcast is exported");

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
        Assert.Equal(2, Sum("onlinechat.gateway.deliveries", gateway2, "Broadcast"));
        Assert.Equal(1, Sum("onlinechat.gateway.active_connections", Cluster.GatewayId(1)));
        Assert.Equal(2, Sum("onlinechat.gateway.active_connections", gateway2));
    }

    private List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

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
