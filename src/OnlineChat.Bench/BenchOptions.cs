namespace OnlineChat.Bench;

public enum Workload { Broadcast, Group, Pm, Idle }

/// <summary>Command-line options; see <see cref="Usage"/>.</summary>
public sealed record BenchOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int[] Ports { get; init; } = [8888, 8889, 8890];
    public Workload Workload { get; init; } = Workload.Broadcast;
    public int Clients { get; init; } = 100;
    public int Senders { get; init; } = 10;
    public double Rate { get; init; } = 100;
    public double Duration { get; init; } = 10;
    public int GroupSize { get; init; } = 10;
    public int Size { get; init; }
    public int Concurrency { get; init; } = 100;
    public double ConnectTimeout { get; init; } = 60;
    public double Drain { get; init; } = 5;
    public double? MaxTime { get; init; }
    public List<int> ServerPids { get; init; } = [];
    public string Prefix { get; init; } = "b";

    public const string Usage = """
        onlinechat-bench: drives OnlineChat gateways with many clients and reports deliveries/s, loss and latency.

          --workload broadcast|group|pm|idle   what the senders do (default broadcast); idle logs in and
                               holds the clients and reports the servers' RSS per connection (what the
                               last 90 % added; needs --server-pid)
          --clients N          connections, spread round-robin over --ports (default 100)
          --senders S          clients that send (default 10); group: one per group, pm: random recipients
          --rate R             messages per second, all senders together (default 100)
          --duration D         seconds of sending (idle: seconds to hold the connections) (default 10)
          --group-size G       members per group for --workload group (default 10)
          --size B             pad each message to B bytes
          --host H --ports P1,P2,...   gateways (default 127.0.0.1, 8888,8889,8890)
          --concurrency C      handshakes in flight while connecting (default 100)
          --connect-timeout T  give up on clients not logged in after T s (default 60)
          --drain T            after sending, wait up to T s for outstanding deliveries (default 5)
          --max-time T         hard cap on the whole run (default: the phases + 30 s)
          --server-pid PID     repeatable: report CPU during sending and RSS of these processes
          --prefix P           username prefix (default b)

        The gateways must not rate-limit the senders, who all share one address: start them with
        --Gateway:MessagesPerSecond=0 --Gateway:AddressMessagesPerSecond=0 --Gateway:MaxHandshakesPerAddress=0
        (and --Gateway:MaxConnectionsPerAddress=0 above 1000 clients per gateway).
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--workload" => options with { Workload = Enum.Parse<Workload>(Next(), ignoreCase: true) },
                "--clients" => options with { Clients = int.Parse(Next()) },
                "--senders" => options with { Senders = int.Parse(Next()) },
                "--rate" => options with { Rate = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--group-size" => options with { GroupSize = int.Parse(Next()) },
                "--size" => options with { Size = int.Parse(Next()) },
                "--host" => options with { Host = Next() },
                "--ports" => options with { Ports = [.. Next().Split(',').Select(int.Parse)] },
                "--concurrency" => options with { Concurrency = int.Parse(Next()) },
                "--connect-timeout" => options with { ConnectTimeout = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--drain" => options with { Drain = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--max-time" => options with { MaxTime = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--server-pid" => options with { ServerPids = [.. options.ServerPids, int.Parse(Next())] },
                "--prefix" => options with { Prefix = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        if (options.Clients < 2 || options.Senders < 1 || options.Senders > options.Clients || options.Rate <= 0 || options.Duration <= 0)
        {
            throw new ArgumentException("Need --clients ≥ 2, 1 ≤ --senders ≤ --clients, --rate > 0 and --duration > 0.");
        }

        if (options.Workload == Workload.Group && (options.GroupSize < 2 || options.Clients % options.GroupSize != 0))
        {
            throw new ArgumentException("--workload group needs --group-size ≥ 2 dividing --clients.");
        }

        return options;
    }

    public TimeSpan Cap => TimeSpan.FromSeconds(MaxTime ?? ConnectTimeout + 12 + Duration + Drain + 30);
}
