using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OnlineChat.Protocol;

namespace OnlineChat.Bench;

/// <summary>
/// One run: connect → set up groups → settle → send at the given rate → drain → report. Every phase has a
/// deadline, and the whole run is capped by <see cref="BenchOptions.Cap"/>.
/// </summary>
public sealed class BenchRun(BenchOptions options)
{
    private readonly LatencyHistogram _latency = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..4];
    private readonly Dictionary<string, object> _result = new();

    public async Task<int> RunAsync(CancellationToken cap)
    {
        var rssBefore = ProcessStats.TotalRssKiB(options.ServerPids);
        // Idle: a tenth of the clients first, so what one more connection costs is measured apart from what
        // the first ones cost once (code compiled, thread pools and buffer pools grown).
        var firstTranche = options.Workload == Workload.Idle ? Math.Max(1, options.Clients / 10) : options.Clients;
        var (ready, failed, connectSeconds) = await ConnectAsync(0, firstTranche, cap);
        var rssWarm = ProcessStats.TotalRssKiB(options.ServerPids);
        if (firstTranche < options.Clients)
        {
            var (rest, restFailed, restSeconds) = await ConnectAsync(firstTranche, options.Clients - firstTranche, cap);
            ready.AddRange(rest);
            failed += restFailed;
            connectSeconds += restSeconds;
        }

        Report("connect", $"{ready.Count} ready, {failed} failed in {connectSeconds:0.00} s");
        _result["clients"] = options.Clients;
        _result["ready"] = ready.Count;
        _result["failed"] = failed;
        _result["connect_s"] = Math.Round(connectSeconds, 2);
        if (ready.Count < 2)
        {
            return 1;
        }

        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(cap);
        var loops = ready.Select(c => c.ReceiveLoopAsync(stopReceiving.Token)).ToList();
        try
        {
            if (options.Workload == Workload.Idle)
            {
                await HoldIdleAsync(ready, rssBefore, rssWarm, ready.Count - firstTranche, cap);
            }
            else
            {
                var groups = options.Workload == Workload.Group ? await SetUpGroupsAsync(ready, cap) : [];
                await SettleAsync(ready, cap);
                await SendAndDrainAsync(ready, groups, cap);
            }
        }
        finally
        {
            await stopReceiving.CancelAsync();
            await Task.WhenAll(loops);
            await Task.WhenAll(ready.Select(c => c.DisposeAsync().AsTask()));
        }

        Console.WriteLine("RESULT " + JsonSerializer.Serialize(_result));
        return 0;
    }

    /// <summary>Logs in clients number <paramref name="first"/> to first + count - 1, spread over the ports.</summary>
    private async Task<(List<BenchConnection> Ready, int Failed, double Seconds)> ConnectAsync(int first, int count, CancellationToken cap)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cap);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeout));
        using var slots = new SemaphoreSlim(options.Concurrency);
        var connections = new BenchConnection?[count];
        var errors = new Dictionary<string, int>();
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(first, count).Select(async i =>
        {
            try
            {
                await slots.WaitAsync(timeout.Token);
                try
                {
                    var port = options.Ports[i % options.Ports.Length];
                    connections[i - first] = await BenchConnection.LoginAsync(options.Host, port, $"{options.Prefix}{_runId}_{i}", _latency, timeout.Token);
                }
                finally
                {
                    slots.Release();
                }
            }
            catch (Exception ex)
            {
                lock (errors)
                {
                    errors[ex.Message] = errors.GetValueOrDefault(ex.Message) + 1;
                }
            }
        }));

        foreach (var (message, times) in errors.Take(5))
        {
            Report("connect", $"{times} × {message}");
        }

        var ready = connections.Where(c => c is not null).Select(c => c!).ToList();
        return (ready, count - ready.Count, started.Elapsed.TotalSeconds);
    }

    /// <summary>Groups of GroupSize consecutive clients; the first creates the group, the others join it.</summary>
    private async Task<List<(string Name, BenchConnection[] Members)>> SetUpGroupsAsync(List<BenchConnection> ready, CancellationToken cap)
    {
        if (ready.Count != options.Clients)
        {
            throw new InvalidOperationException("Group workload needs every client connected.");
        }

        var started = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(options.Concurrency);
        var groups = ready.Chunk(options.GroupSize).Select((members, g) => (Name: $"{options.Prefix}{_runId}g{g}", Members: members)).ToList();
        await Task.WhenAll(groups.Select(async group =>
        {
            await slots.WaitAsync(cap);
            try
            {
                await group.Members[0].CommandAsync($"/cg {group.Name}", ChatText.GroupCreated(group.Name), cap);
                foreach (var member in group.Members.Skip(1))
                {
                    await member.CommandAsync($"/jg {group.Name}", $"{member.Name} has joined group {group.Name}.\n", cap);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
        Report("groups", $"{groups.Count} groups of {options.GroupSize} in {started.Elapsed.TotalSeconds:0.00} s");
        return groups;
    }

    /// <summary>Waits until the flood of "X is now online" notices from the connect phase has passed (≤ 15 s).</summary>
    private static async Task SettleAsync(List<BenchConnection> ready, CancellationToken cap)
    {
        var until = Stopwatch.StartNew();
        var last = -1L;
        while (until.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(250, cap);
            var frames = ready.Sum(c => Interlocked.Read(ref c.Frames));
            if (frames == last)
            {
                return;
            }

            last = frames;
        }
    }

    private async Task HoldIdleAsync(List<BenchConnection> ready, long rssBefore, long rssWarm, int laterClients, CancellationToken cap)
    {
        await SettleAsync(ready, cap);
        await Task.Delay(TimeSpan.FromSeconds(options.Duration), cap);
        var rssAfter = ProcessStats.TotalRssKiB(options.ServerPids);
        // Per connection: what the later 90 % added, each. The first tenth also paid the one-time growth.
        var perConnection = (rssAfter - rssWarm) / (double)Math.Max(1, laterClients);
        var overall = (rssAfter - rssBefore) / (double)ready.Count;
        Report("idle", $"server RSS {rssBefore / 1024.0:0.0} MiB → {rssWarm / 1024.0:0.0} MiB after the first tenth → "
            + $"{rssAfter / 1024.0:0.0} MiB: {perConnection:0.0} KiB per further connection ({overall:0.0} KiB each counting the first tenth)");
        _result["workload"] = "idle";
        _result["rss_before_mib"] = Math.Round(rssBefore / 1024.0, 1);
        _result["rss_warm_mib"] = Math.Round(rssWarm / 1024.0, 1);
        _result["rss_after_mib"] = Math.Round(rssAfter / 1024.0, 1);
        _result["rss_per_conn_kib"] = Math.Round(perConnection, 1);
        _result["rss_per_conn_overall_kib"] = Math.Round(overall, 1);
    }

    private async Task SendAndDrainAsync(List<BenchConnection> ready, List<(string Name, BenchConnection[] Members)> groups, CancellationToken cap)
    {
        var senders = options.Workload == Workload.Group
            ? groups.Take(options.Senders).Select(g => g.Members[0]).ToArray()
            : ready.Take(options.Senders).ToArray();
        var perMessage = options.Workload switch
        {
            Workload.Broadcast => ready.Count - 1,
            Workload.Group => options.GroupSize - 1,
            _ => 1,
        };
        var total = (long)Math.Round(options.Rate * options.Duration);
        var random = new Random(42);
        var expected = 0L;
        var cpuBefore = ProcessStats.TotalCpuSeconds(options.ServerPids);
        var start = Stopwatch.GetTimestamp();
        for (long k = 0; k < total; k++)
        {
            // Message k is due at start + k / rate; sleep only when more than a couple of ms ahead.
            var due = start + (long)(k * Stopwatch.Frequency / options.Rate);
            var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (ahead > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(ahead - TimeSpan.FromMilliseconds(1), cap);
            }

            var s = (int)(k % senders.Length);
            var body = $"bench {s} {k} {Stopwatch.GetTimestamp()}";
            var text = options.Workload switch
            {
                Workload.Group => $"/gc {groups[s].Name} {body}",
                Workload.Pm => $"/pm {PickOther(ready, senders[s], random).Name} {body}",
                _ => body,
            };
            await senders[s].SendAsync(FrameWriter.Encode(Pad(text)), cap);
            expected += perMessage;
        }

        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = ProcessStats.TotalCpuSeconds(options.ServerPids) - cpuBefore;

        // Drain: until everything expected has arrived, or nothing more came for --drain seconds.
        long received = 0;
        var lastChange = Stopwatch.GetTimestamp();
        var lastDelivery = lastChange;
        while (Stopwatch.GetElapsedTime(lastChange).TotalSeconds < options.Drain)
        {
            var now = ready.Sum(c => Interlocked.Read(ref c.Received));
            if (now != received)
            {
                received = now;
                lastChange = lastDelivery = Stopwatch.GetTimestamp();
            }

            if (received >= expected)
            {
                break;
            }

            await Task.Delay(20, cap);
        }

        var deliverySeconds = Stopwatch.GetElapsedTime(start, lastDelivery).TotalSeconds;
        var lossPct = expected == 0 ? 0 : Math.Max(0, expected - received) * 100.0 / expected;
        Report("send", $"{total} messages in {sendSeconds:0.00} s ({total / sendSeconds:0} msg/s) by {senders.Length} senders");
        Report("result", $"{received}/{expected} deliveries, loss {lossPct:0.###} %, {received / deliverySeconds:0} deliveries/s");
        Report("latency", $"p50 {_latency.PercentileMs(0.5):0.00} ms, p90 {_latency.PercentileMs(0.9):0.00}, p99 {_latency.PercentileMs(0.99):0.00}, p99.9 {_latency.PercentileMs(0.999):0.00}, max {_latency.MaxMs:0.00}");
        if (options.ServerPids.Count > 0)
        {
            Report("server", $"CPU {cpu / sendSeconds * 100:0}% of one core during sending; RSS {ProcessStats.TotalRssKiB(options.ServerPids) / 1024.0:0} MiB");
        }

        _result["workload"] = options.Workload.ToString().ToLowerInvariant();
        _result["senders"] = senders.Length;
        _result["rate"] = options.Rate;
        _result["duration"] = options.Duration;
        _result["sent"] = total;
        _result["send_rate"] = Math.Round(total / sendSeconds, 1);
        _result["expected"] = expected;
        _result["received"] = received;
        _result["loss_pct"] = Math.Round(lossPct, 4);
        _result["deliv_per_s"] = Math.Round(received / deliverySeconds);
        _result["p50_ms"] = Math.Round(_latency.PercentileMs(0.5), 2);
        _result["p90_ms"] = Math.Round(_latency.PercentileMs(0.9), 2);
        _result["p99_ms"] = Math.Round(_latency.PercentileMs(0.99), 2);
        _result["p999_ms"] = Math.Round(_latency.PercentileMs(0.999), 2);
        _result["max_ms"] = Math.Round(_latency.MaxMs, 2);
        _result["srv_cpu_pct"] = Math.Round(cpu / sendSeconds * 100, 1);
    }

    private string Pad(string text) =>
        options.Size > 0 && Encoding.UTF8.GetByteCount(text) < options.Size ? text + " " + new string('x', options.Size - text.Length - 1) : text;

    private static BenchConnection PickOther(List<BenchConnection> ready, BenchConnection sender, Random random)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var other = ready[random.Next(ready.Count)];
            if (other != sender)
            {
                return other;
            }
        }

        return ready.First(c => c != sender);
    }

    private static void Report(string phase, string text) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase,-8} {text}"));
}
