using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OnlineChat.Client;

namespace OnlineChat.Bench.Drill;

/// <summary>
/// The failover drill (docs/operations.md, "The failover drill"): resuming clients in groups over the
/// gateways, each sending in turn a broadcast, a PM and a group message; partway, --kill does its damage;
/// at the end, what was lost, duplicated, and how long the killed gateway's clients were away.
/// </summary>
public sealed class DrillRun(DrillOptions options)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var ledger = new DrillLedger();
        var run = Guid.NewGuid().ToString("N")[..4];
        var gateways = options.Ports.Select(p => new GatewayAddress(options.Host, p)).ToList();
        var clients = Enumerable.Range(0, options.Clients)
            .Select(i => new DrillClient(i, $"drill{i}_{run}", [.. gateways.Skip(i % gateways.Count), .. gateways.Take(i % gateways.Count)], ledger))
            .ToList();

        // Ten at a time: every client comes from one address, whose handshakes in progress are limited.
        using (var slots = new SemaphoreSlim(10))
        {
            await Task.WhenAll(clients.Select(async c =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    await c.LogInAsync(cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        var groups = clients.Chunk(options.GroupSize).ToList();
        foreach (var (members, g) in groups.Select((m, g) => (m, g)))
        {
            await members[0].SendAsync($"/cg g{g}_{run}", cancellationToken);
            await Task.Delay(200, cancellationToken);
            foreach (var member in members.Skip(1))
            {
                await member.SendAsync($"/jg g{g}_{run}", cancellationToken);
            }
        }

        await Task.Delay(1000, cancellationToken); // Joins done before the first group message.
        Console.Error.WriteLine($"drill: {clients.Count} clients in {groups.Count} groups on {string.Join(", ", gateways)}; sending for {options.Duration} s.");

        var started = Stopwatch.GetTimestamp();
        long? killedAt = null;
        var killing = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.KillAfter), cancellationToken);
            if (options.Kill is { } command)
            {
                killedAt = Stopwatch.GetTimestamp();
                killedAtSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                using var kill = Process.Start("bash", ["-c", command]);
                await kill.WaitForExitAsync(cancellationToken);
                Console.Error.WriteLine($"drill: ran '{command}' at {options.KillAfter} s (exit {kill.ExitCode}).");
            }
        }, cancellationToken);
        var killedClients = options.KilledPort is { } port ? clients.Where(c => c.Gateway.Port == port).ToList() : [];

        await Task.WhenAll(clients.Select(c => SendLoopAsync(c, clients, groups, ledger, run, started, cancellationToken)));
        await killing;

        // Settle: until everything expected arrived, or the time is up.
        var settleUntil = Stopwatch.GetTimestamp() + (long)(options.Settle * Stopwatch.Frequency);
        while (ledger.Count().Lost > 0 && Stopwatch.GetTimestamp() < settleUntil)
        {
            await Task.Delay(100, cancellationToken);
        }

        var counts = ledger.Count();
        var back = killedAt is { } at
            ? killedClients.Select(c => c.LastOutage is { } o ? Stopwatch.GetElapsedTime(at, o.BackAt).TotalSeconds : double.PositiveInfinity).Order().ToList()
            : [];
        var gatewayAtStart = clients.ToDictionary(c => c.Index, c => c.FirstGateway.ToString());
        await Task.WhenAll(clients.Select(c => c.StopAsync()));
        Report(counts, back);
        foreach (var line in ledger.LostBreakdown(i => gatewayAtStart[i]))
        {
            Console.WriteLine($"  lost: {line}");
        }

        return counts.Lost == 0 && counts.Duplicated == 0 && back.All(double.IsFinite) ? 0 : 1;
    }

    /// <summary>Every --interval s (staggered), in turn: a broadcast, a PM to the next client, a group message.</summary>
    private async Task SendLoopAsync(DrillClient client, List<DrillClient> clients, List<DrillClient[]> groups, DrillLedger ledger, string run,
        long started, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Interval);
        await Task.Delay(interval * client.Index / clients.Count, cancellationToken);
        var group = client.Index / options.GroupSize;
        for (var seq = 0; Stopwatch.GetElapsedTime(started).TotalSeconds < options.Duration; seq++)
        {
            var message = $"m{client.Index}-{seq}";
            var (line, recipients) = (seq % 3) switch
            {
                0 => (message, clients.Where(c => c != client).Select(c => c.Index)),
                1 when clients[(client.Index + 1 + seq) % clients.Count] is var to && to != client => ($"/pm {to.Name} {message}", [to.Index]),
                1 => ($"/pm {clients[(client.Index + 1) % clients.Count].Name} {message}", [clients[(client.Index + 1) % clients.Count].Index]),
                _ => ($"/gc g{group}_{run} {message}", groups[group].Where(c => c != client).Select(c => c.Index)),
            };
            ledger.Sent(client.Index, message, recipients, (seq % 3) switch { 0 => "broadcast", 1 => "pm", _ => "group" },
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            await client.SendAsync(line, cancellationToken);
            await Task.Delay(interval, cancellationToken);
        }
    }

    private double? killedAtSeconds;

    private void Report(DrillCounts counts, List<double> back)
    {
        string Seconds(double s) => double.IsFinite(s) ? s.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "never";
        Console.WriteLine($"scenario            {options.Scenario}");
        Console.WriteLine($"clients             {options.Clients} (groups of {options.GroupSize}), one message each per {options.Interval} s for {options.Duration} s");
        Console.WriteLine($"messages sent       {counts.Sent} ({counts.Refused} refused with an error)");
        Console.WriteLine($"deliveries expected {counts.Expected}");
        Console.WriteLine($"delivered           {counts.Delivered}");
        Console.WriteLine($"lost                {counts.Lost}");
        Console.WriteLine($"duplicated          {counts.Duplicated}");
        if (counts.Unexpected > 0)
        {
            Console.WriteLine($"unexpected          {counts.Unexpected} (delivered to a client they were not for, or refused and delivered anyway)");
        }

        if (back.Count > 0)
        {
            Console.WriteLine($"killed gateway's clients back: {back.Count}, median {Seconds(back[back.Count / 2])}, slowest {Seconds(back[^1])} after the kill");
        }

        if (killedAtSeconds is { } k)
        {
            Console.WriteLine($"kill at             {k:0.0} s into the run");
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            scenario = options.Scenario,
            clients = options.Clients,
            groupSize = options.GroupSize,
            interval = options.Interval,
            duration = options.Duration,
            sent = counts.Sent,
            refused = counts.Refused,
            expected = counts.Expected,
            delivered = counts.Delivered,
            lost = counts.Lost,
            duplicated = counts.Duplicated,
            unexpected = counts.Unexpected,
            killedClients = back.Count,
            backMedianSeconds = back.Count > 0 && double.IsFinite(back[back.Count / 2]) ? back[back.Count / 2] : (double?)null,
            backSlowestSeconds = back.Count > 0 && double.IsFinite(back[^1]) ? back[^1] : (double?)null,
        }));
    }
}
