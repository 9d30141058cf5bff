namespace OnlineChat.Gateway;

/// <summary>
/// Caps the gateway process's thread-pool workers (<see cref="GatewayOptions.WorkerThreads"/>).
/// <para>
/// Why: a chat message is a handful of small steps (the client's frame, the publish, Redis's answer, the
/// delivery), and .NET wakes a sleeping worker for each step it queues whenever one is idle. A gateway that
/// has cores to itself can afford that; gateways sharing cores with each other and with Redis cannot: at
/// 2,000 PMs/s on two cores, three gateways woke a worker about six times per message and spent about half
/// their CPU in the kernel switching threads. With one worker each, the steps queue behind each other on a
/// thread that is awake anyway (docs/performance.md, "Decision log").
/// </para>
/// One worker is enough because the gateway never blocks one: its I/O is asynchronous, and its one
/// synchronous Redis call, the lease renewal, runs on a thread of its own (<see cref="GatewayLease"/>), so a
/// busy or capped pool cannot cost it its lease.
/// Process-wide, so the gateway's own entry point applies it, never a host that runs several gateways in
/// one process (the tests).
/// </summary>
public static class WorkerThreadLimit
{
    /// <summary>
    /// Gateway:WorkerThreads from the same places the host reads settings from (appsettings.json, the
    /// environment, the command line, later ones winning), read before there is a host.
    /// </summary>
    public static int Configured(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory()) // the host's default content root
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build()
            .GetValue<int>($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.WorkerThreads)}");

    /// <summary>Applies <paramref name="workers"/> (0: leaves the runtime's default); false when the runtime refused it.</summary>
    public static bool Apply(int workers)
    {
        if (workers <= 0)
        {
            return true;
        }

        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out _, out var maxIo);
        // The runtime refuses a maximum below the minimum, which defaults to the number of cores.
        return ThreadPool.SetMinThreads(Math.Min(minWorkers, workers), minIo) && ThreadPool.SetMaxThreads(workers, maxIo);
    }
}
