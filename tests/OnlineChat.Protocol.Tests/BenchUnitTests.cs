using OnlineChat.Bench;

namespace OnlineChat.Protocol.Tests;

/// <summary>The benchmark's own arithmetic: its latency figures are only as good as this histogram.</summary>
public class BenchUnitTests
{
    [Fact]
    public void Percentiles_come_back_within_the_histograms_precision()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 100_000; us++)
        {
            histogram.Record(us);
        }

        Assert.Equal(100_000, histogram.Count);
        Assert.InRange(histogram.PercentileMs(0.5), 50 * 0.98, 50 * 1.02);
        Assert.InRange(histogram.PercentileMs(0.99), 99 * 0.98, 99 * 1.02);
        Assert.InRange(histogram.MaxMs, 100 * 0.999, 100 * 1.001);
    }

    [Fact]
    public void Latencies_from_a_microsecond_to_an_hour_keep_three_significant_digits()
    {
        foreach (var us in new long[] { 1, 127, 1000, 65_535, 1_000_000, 123_456_789 })
        {
            var histogram = new LatencyHistogram();
            histogram.Record(us);
            Assert.InRange(histogram.PercentileMs(1), us / 1000.0 * 0.999, us / 1000.0 * 1.001);
        }
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        Assert.Equal(0, new LatencyHistogram().PercentileMs(0.99));
    }

    [Fact]
    public void Options_parse_and_refuse_impossible_runs()
    {
        var options = BenchOptions.Parse(["--workload", "group", "--clients", "100", "--group-size", "10", "--ports", "7001,7002", "--server-pid", "5", "--server-pid", "6"]);
        Assert.Equal(Workload.Group, options.Workload);
        Assert.Equal([7001, 7002], options.Ports);
        Assert.Equal([5, 6], options.ServerPids);

        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--workload", "group", "--clients", "25", "--group-size", "10"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--senders", "0"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--bogus"]));
    }
}
