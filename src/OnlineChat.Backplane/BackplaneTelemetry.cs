using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OnlineChat.Backplane;

/// <summary>Traces and metrics of the Redis relay, shared by every service that publishes or subscribes.</summary>
public static class BackplaneTelemetry
{
    public const string SourceName = "OnlineChat.Backplane";
    public const string MeterName = "OnlineChat.Backplane";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter s_meter = new(MeterName);

    public static readonly Histogram<double> PublishDuration = s_meter.CreateHistogram<double>(
        "onlinechat.backplane.publish.duration", unit: "s", description: "Time for Redis to accept one PUBLISH.");
}
