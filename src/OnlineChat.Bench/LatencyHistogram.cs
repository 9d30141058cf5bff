using HdrHistogram;

namespace OnlineChat.Bench;

/// <summary>
/// Latencies in microseconds, recorded from many threads at once into an HdrHistogram (the field's
/// standard for latency: fixed memory, three significant digits at every magnitude, exact percentiles of
/// what was recorded), with the figures the bench reports in milliseconds.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>An hour: anything slower than that is reported as an hour (a run lasts seconds).</summary>
    private const long HighestMicroseconds = 3_600_000_000;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicroseconds, 3);

    public long Count => _histogram.TotalCount;

    public double MaxMs => _histogram.TotalCount == 0 ? 0 : _histogram.GetMaxValue() / 1000.0;

    public void Record(long microseconds) => _histogram.RecordValue(Math.Clamp(microseconds, 1, HighestMicroseconds));

    /// <summary>The latency below which a fraction <paramref name="quantile"/> of the recordings fall, in ms.</summary>
    public double PercentileMs(double quantile) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(quantile * 100) / 1000.0;
}
