using System.Numerics;

namespace OnlineChat.Bench;

/// <summary>
/// Latencies in microseconds with about 1.6 % precision and fixed memory, however many are recorded:
/// exact below 128 µs, then 64 buckets per power of two. Safe to record into from many threads.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Exact = 128;
    private const int SubBuckets = 64;
    private const int MaxPower = 40; // 2^40 µs: twelve days, far beyond any run.

    private readonly long[] _counts = new long[Exact + (MaxPower - 7 + 1) * SubBuckets];
    private long _total;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public void Record(long microseconds)
    {
        var us = Math.Clamp(microseconds, 0, (1L << MaxPower) - 1);
        Interlocked.Increment(ref _counts[IndexOf(us)]);
        Interlocked.Increment(ref _total);
        long seen;
        while (us > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, us, seen) != seen)
        {
        }
    }

    /// <summary>The latency below which a fraction <paramref name="quantile"/> of the recordings fall, in ms.</summary>
    public double PercentileMs(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return UpperBoundOf(i) / 1000.0;
            }
        }

        return MaxMs;
    }

    internal static int IndexOf(long us)
    {
        if (us < Exact)
        {
            return (int)us;
        }

        var power = 63 - BitOperations.LeadingZeroCount((ulong)us); // ≥ 7
        var sub = (int)((us >> (power - 6)) & (SubBuckets - 1));
        return Exact + (power - 7) * SubBuckets + sub;
    }

    /// <summary>The largest value that falls into bucket <paramref name="index"/>.</summary>
    internal static long UpperBoundOf(int index)
    {
        if (index < Exact)
        {
            return index;
        }

        var power = (index - Exact) / SubBuckets + 7;
        var sub = (index - Exact) % SubBuckets;
        return (1L << power) + ((long)(sub + 1) << (power - 6)) - 1;
    }
}
