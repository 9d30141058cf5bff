using System.Globalization;

namespace OnlineChat.Bench.Drill;

/// <summary>Options of <c>onlinechat-bench drill</c>; see <see cref="Usage"/>.</summary>
public sealed record DrillOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int[] Ports { get; init; } = [8888, 8889, 8890];
    public int Clients { get; init; } = 60;
    public int GroupSize { get; init; } = 5;
    public double Interval { get; init; } = 1;
    public double Duration { get; init; } = 20;
    public double KillAfter { get; init; } = 6;
    public string? Kill { get; init; }
    public int? KilledPort { get; init; }
    public double Settle { get; init; } = 10;
    public string Scenario { get; init; } = "drill";

    public const string Usage = """
        onlinechat-bench drill: a failover drill. Connects resuming clients over the gateways, keeps broadcast,
        PM and group traffic flowing, runs --kill (kill a gateway, or redis-server) and reports messages sent,
        refused, delivered, lost and duplicated, and how soon the killed gateway's clients were back.

          --clients N        resuming clients, spread round-robin over --ports (default 60)
          --group-size G     clients per group (default 5)
          --interval S       each client sends one message every S seconds, in turn a broadcast, a PM to
                             another client and a group message (default 1)
          --duration D       seconds of sending (default 20)
          --kill-after K     seconds into the sending to run --kill (default 6)
          --kill CMD         shell command that does the damage, e.g. "kill -9 1234"
          --killed-port P    the gateway port --kill takes down: its clients' time back is reported
          --settle T         after sending, wait up to T s for outstanding deliveries (default 10)
          --scenario NAME    label for the report (default drill)
          --host H --ports P1,P2,...   gateways (default 127.0.0.1, 8888,8889,8890)
        """;

    public static DrillOptions Parse(string[] args)
    {
        var options = new DrillOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--clients" => options with { Clients = (int)Number() },
                "--group-size" => options with { GroupSize = (int)Number() },
                "--interval" => options with { Interval = Number() },
                "--duration" => options with { Duration = Number() },
                "--kill-after" => options with { KillAfter = Number() },
                "--kill" => options with { Kill = Next() },
                "--killed-port" => options with { KilledPort = (int)Number() },
                "--settle" => options with { Settle = Number() },
                "--scenario" => options with { Scenario = Next() },
                "--host" => options with { Host = Next() },
                "--ports" => options with { Ports = [.. Next().Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))] },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        if (options.Clients < 2 || options.GroupSize < 2 || options.Interval <= 0 || options.Duration <= 0)
        {
            throw new ArgumentException("--clients and --group-size must be at least 2; --interval and --duration positive.");
        }

        return options;
    }
}
