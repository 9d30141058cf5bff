using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

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

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OnlineChat_AppHost>(
            ["--Gateways:BasePort=0", $"--Gateways:Count={GatewayCount}", "--Redis:Mode=process"],
            (options, _) => options.DisableDashboard = true);
        App = await builder.BuildAsync().WaitAsync(StartTimeout);
        await App.StartAsync().WaitAsync(StartTimeout);
        for (var i = 1; i <= GatewayCount; i++)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(GatewayName(i)).WaitAsync(StartTimeout);
        }
    }

    public static string GatewayName(int number) => $"chat-gateway-{number}";

    public Uri Gateway(int number) => App.GetEndpoint(GatewayName(number), "chat");

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await App.DisposeAsync();
        }
    }
}
