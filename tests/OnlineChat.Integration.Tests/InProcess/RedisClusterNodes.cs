using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A real Redis Cluster of three masters (redis-server processes in cluster mode on free loopback ports,
/// joined by scripts/redis-cluster-create.sh, as the AppHost joins its own), each keeping an append-only file in a temporary folder so that a
/// master killed and started again comes back with its slots and data, as on a real cluster. Uncovered
/// slots do not stop the rest (cluster-require-full-coverage no): only the keys of a stopped master are away.
/// </summary>
public sealed class RedisClusterNodes : ITestRedis
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onlinechat-cluster-").FullName;
    private readonly Process?[] _nodes;

    private RedisClusterNodes(int[] ports)
    {
        Ports = ports;
        _nodes = new Process?[ports.Length];
    }

    public IReadOnlyList<int> Ports { get; }

    /// <summary>scripts/redis-cluster-create.sh, beside the AppHost's project folder.</summary>
    private static string CreateScript =>
        Path.GetFullPath(Path.Combine(Projects.OnlineChat_AppHost.ProjectPath, "..", "scripts", "redis-cluster-create.sh"));

    public string ConnectionString => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"));

    /// <summary>One hash tag for every key: the scripts need the keys they use together in one slot.</summary>
    public string KeyPrefix { get; } = "{oc-" + Guid.NewGuid().ToString("N")[..8] + "}:";

    /// <summary>Sharded, as the AppHost runs a cluster: a publish stays on its slot's master.</summary>
    public string PubSub => "sharded";

    /// <summary>What redis-cli prints for <paramref name="command"/> sent to master <paramref name="n"/> (0-based).</summary>
    public string Command(int n, params string[] command) => Run("redis-cli", ["-p", Ports[n].ToString(), .. command]).Output;

    public static async Task<RedisClusterNodes> StartAsync(int masters = 3)
    {
        var cluster = new RedisClusterNodes([.. Enumerable.Range(0, masters).Select(_ => FreePort())]);
        try
        {
            for (var n = 0; n < masters; n++)
            {
                await cluster.StartNodeAsync(n);
            }

            // Joined as the AppHost joins its nodes (Redis:Mode=cluster), by the same script.
            var create = Run("bash", [CreateScript, .. cluster.Ports.Select(p => $"127.0.0.1:{p}")]);
            Assert.True(create.ExitCode == 0, $"scripts/redis-cluster-create.sh failed:\n{create.Output}");
            await cluster.WaitUntilServingAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(); // no redis-server left running after a failed start
            throw;
        }
    }

    /// <summary>The index (0-based) of the master that holds the slot of <paramref name="key"/>.</summary>
    public int MasterOf(string key)
    {
        var slot = long.Parse(Run("redis-cli", "-p", Ports[0].ToString(), "cluster", "keyslot", key).Output.Trim());
        for (var n = 0; n < Ports.Count; n++)
        {
            // "cluster nodes": the line of the node asked ends with the slot ranges it serves.
            var myself = Run("redis-cli", "-p", Ports[n].ToString(), "cluster", "nodes").Output
                .Split('\n').First(l => l.Contains("myself", StringComparison.Ordinal));
            if (myself.Split(' ').Skip(8).Any(range => Covers(range, slot)))
            {
                return n;
            }
        }

        throw new InvalidOperationException($"No master holds slot {slot}.");
    }

    public async Task StopNodeAsync(int n)
    {
        if (_nodes[n] is { HasExited: false } node)
        {
            node.Kill();
            await node.WaitForExitAsync();
        }
    }

    /// <summary>Starts master n again with its nodes.conf and append-only file, and waits until the cluster serves all slots.</summary>
    public async Task StartNodeAgainAsync(int n)
    {
        await StartNodeAsync(n);
        await WaitUntilServingAsync();
    }

    public async Task StopAsync()
    {
        for (var n = 0; n < Ports.Count; n++)
        {
            await StopNodeAsync(n);
        }
    }

    public async Task StartAgainAsync()
    {
        for (var n = 0; n < Ports.Count; n++)
        {
            await StartNodeAsync(n);
        }

        await WaitUntilServingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var node in _nodes)
        {
            node?.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task StartNodeAsync(int n)
    {
        var port = Ports[n].ToString();
        var dir = Directory.CreateDirectory(Path.Combine(_folder, port)).FullName;
        _nodes[n] = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port, "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                "--cluster-require-full-coverage", "no",
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start. Is it installed (scripts/ensure-redis.sh)?");
        _nodes[n]!.StandardOutput.BaseStream.CopyToAsync(Stream.Null).ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter();
        await Eventually.TrueAsync(() => Task.FromResult(Run("redis-cli", "-p", port, "ping").Output.Trim() == "PONG"), $"cluster node {port} answers PING");
    }

    /// <summary>Every master says the cluster is ok and knows all the masters.</summary>
    private Task WaitUntilServingAsync() => Eventually.TrueAsync(() => Task.FromResult(Ports.All(p =>
    {
        var info = Run("redis-cli", "-p", p.ToString(), "cluster", "info").Output;
        return info.Contains("cluster_state:ok", StringComparison.Ordinal)
            && info.Contains($"cluster_known_nodes:{Ports.Count}", StringComparison.Ordinal)
            && info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal);
    })), "every cluster master serves all 16384 slots", TimeSpan.FromSeconds(30));

    private static bool Covers(string range, long slot)
    {
        if (range.StartsWith('['))
        {
            return false; // a slot being migrated
        }

        var parts = range.Trim().Split('-');
        return parts.Length switch
        {
            1 when long.TryParse(parts[0], out var one) => one == slot,
            2 when long.TryParse(parts[0], out var from) && long.TryParse(parts[1], out var to) => slot >= from && slot <= to,
            _ => false,
        };
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args) => CommandLine.Run(file, args);

    private static int FreePort()
    {
        // A cluster node also listens on its port + 10000 (the cluster bus): both must be free.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10000 <= 65535 && IsFree(port + 10000))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port whose cluster-bus port (+10000) is free too.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
