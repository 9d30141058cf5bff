using Microsoft.Extensions.Configuration;
using OnlineChat.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddChatRedis();

var presence = builder.AddProject<Projects.OnlineChat_Presence>("presence")
    .WithHttpHealthCheck("/health")
    .WithSettings(builder.Configuration.GetSection("Telemetry"))
    .WithReference(redis).WaitFor(redis);

// Each gateway gets its own documented port (8888, 8889, …) so clients can pick one; BasePort=0 lets
// Aspire choose free ports instead (the tests do this).
var gatewayCount = builder.Configuration.GetValue("Gateways:Count", 3);
var basePort = builder.Configuration.GetValue("Gateways:BasePort", 8888);
for (var i = 0; i < gatewayCount; i++)
{
    builder.AddProject<Projects.OnlineChat_Gateway>($"chat-gateway-{i + 1}")
        .WithHttpEndpoint(name: "http")
        .WithHttpHealthCheck("/health")
        .WithEndpoint(port: basePort == 0 ? null : basePort + i, scheme: "tcp", name: "chat", env: "Gateway__Port", isProxied: false)
        .WithGatewaySettings(builder.Configuration.GetSection("Gateway"))
        .WithSettings(builder.Configuration.GetSection("Telemetry"))
        .WithOperatorCommands()
        .WithReference(redis).WaitFor(redis)
        .WithReference(presence).WaitFor(presence);
}

if (basePort != 0)
{
    Console.WriteLine($"OnlineChat: {gatewayCount} gateways on ports {string.Join(", ", Enumerable.Range(basePort, gatewayCount))}. " +
        $"Connect with: dotnet run --project src/OnlineChat.Client -- <name> --port {basePort}");
}

builder.Build().Run();
