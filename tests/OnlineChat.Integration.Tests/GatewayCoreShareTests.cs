using System.Globalization;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The AppHost's gateways share this machine's cores (Gateway:WorkerThreads, docs/performance.md): each
/// gateway process runs at most its share of thread-pool workers, also after carrying traffic.
/// </summary>
public sealed class GatewayCoreShareTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    [Fact]
    public async Task Each_gateway_runs_at_most_its_share_of_the_cores_in_thread_pool_workers()
    {
        // Traffic through every gateway first: the runtime adds workers when work queues up, not before.
        var clients = new List<ChatTestClient>();
        try
        {
            for (var gateway = 1; gateway <= ChatSystemFixture.GatewayCount; gateway++)
            {
                clients.Add(await ChatTestClient.LoginAsync(system.Gateway(gateway), ChatTestClient.UniqueName($"share{gateway}")));
            }

            for (var round = 0; round < 20; round++)
            {
                foreach (var sender in clients)
                {
                    var recipient = clients[(clients.IndexOf(sender) + 1) % clients.Count];
                    await sender.SendAsync($"/pm {recipient.Name} round {round}");
                }
            }

            foreach (var recipient in clients)
            {
                var sender = clients[(clients.IndexOf(recipient) + clients.Count - 1) % clients.Count];
                await recipient.WaitForAsync($"(PM) {sender.Name}: round 19\n");
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        var share = Math.Max(1, Environment.ProcessorCount / ChatSystemFixture.GatewayCount);
        for (var gateway = 1; gateway <= ChatSystemFixture.GatewayCount; gateway++)
        {
            var pid = GatewayProcess(system.ProcessId(ChatSystemFixture.GatewayName(gateway)));
            var threads = Directory.GetDirectories($"/proc/{pid}/task")
                .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())
                .ToList();
            var workers = threads.Count(name => name == ".NET TP Worker");
            Assert.True(workers >= 1 && workers <= share,
                $"gateway {gateway} (pid {pid}) has {workers} thread-pool workers, its share is {share}; threads: {string.Join(", ", threads)}");
        }
    }

    /// <summary>
    /// The gateway's own process: the resource's pid may be a launcher (`dotnet run`) with the gateway below it.
    /// </summary>
    private static int GatewayProcess(int resourcePid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                children.TryAdd(parent, []);
                children[parent].Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var pending = new Queue<int>([resourcePid]);
        while (pending.TryDequeue(out var pid))
        {
            string[] args;
            try
            {
                args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }

            if (args.Length > 0 && (args[0].EndsWith("/OnlineChat.Gateway", StringComparison.Ordinal) || args.Any(a => a.EndsWith("OnlineChat.Gateway.dll", StringComparison.Ordinal))))
            {
                return pid;
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Enqueue(child);
            }
        }

        throw new Xunit.Sdk.XunitException($"no OnlineChat.Gateway process at or below pid {resourcePid}");
    }
}
