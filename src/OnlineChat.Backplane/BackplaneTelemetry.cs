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

    /// <summary>Seconds: a publish on loopback takes tens to hundreds of microseconds; a busy Redis, milliseconds.</summary>
    public static readonly double[] PublishDurationBoundaries =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    public static readonly Histogram<double> PublishDuration = s_meter.CreateHistogram<double>(
        "onlinechat.backplane.publish.duration", unit: "s", description: "Time for Redis to accept one PUBLISH (or one routing script).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PublishDurationBoundaries });

    /// <summary>Messages per call of Scripts/publish.lua: 1 when traffic is light, up to PublishBatcher.MaxMessages when heavy.</summary>
    public static readonly Histogram<int> PublishBatchSize = s_meter.CreateHistogram<int>(
        "onlinechat.backplane.publish.batch_size", unit: "{message}", description: "Messages sent to Redis in one call of the publish script.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
}
