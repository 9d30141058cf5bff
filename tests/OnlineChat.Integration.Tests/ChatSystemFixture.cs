using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The real AppHost: redis-server, the presence service and three gateways, on ports Aspire picks.
/// Each test class that uses it gets its own system, so a test that kills a gateway harms no other class.
/// </summary>
public sealed class ChatSystemFixture : IAsyncLifetime
{
    public const int GatewayCount = 3;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>What the AppHost logged, as a person running it would read it.</summary>
    public AppHostLog Log { get; } = new();

    public Task InitializeAsync() => StartAsync(GatewayCount);

    /// <param name="redisMode">The AppHost's Redis:Mode: "process" (one redis-server) or "cluster" (a local Redis Cluster, on free ports).</param>
    public async Task StartAsync(int gateways, string redisMode = "process")
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OnlineChat_AppHost>(
            ["--Gateways:BasePort=0", $"--Gateways:Count={gateways}", $"--Redis:Mode={redisMode}", "--Redis:ClusterBasePort=0"],
            (options, _) => options.DisableDashboard = true);
        builder.Services.AddLogging(logging => logging.AddProvider(Log));
        App = await builder.BuildAsync().WaitAsync(StartTimeout);
        await App.StartAsync().WaitAsync(StartTimeout);
        for (var i = 1; i <= gateways; i++)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(GatewayName(i)).WaitAsync(StartTimeout);
        }
    }

    public static string GatewayName(int number) => $"chat-gateway-{number}";

    public Uri Gateway(int number) => App.GetEndpoint(GatewayName(number), "chat");

    /// <summary>The process id of a resource, from the snapshot the dashboard shows.</summary>
    public int ProcessId(string resourceName)
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(resourceName, out var state), $"{resourceName} has no state");
        return ProcessId(state!.Snapshot) ?? throw new Xunit.Sdk.XunitException(
            $"no pid among: {string.Join(", ", state.Snapshot.Properties.Select(p => p.Name))}");
    }

    public static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.OrdinalIgnoreCase))?.Value is { } pid
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : null;

    /// <summary>SIGKILL, so the resource gets no chance to clean up. Returns the pid it had.</summary>
    public int KillProcessOf(string resourceName)
    {
        var pid = ProcessId(resourceName);
        using var process = Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
        return pid;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await App.DisposeAsync();
        }
    }
}
