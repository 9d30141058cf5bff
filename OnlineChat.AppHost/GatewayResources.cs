using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OnlineChat.AppHost;

/// <summary>What every gateway resource gets besides its endpoints: its settings and the operator's buttons.</summary>
internal static class GatewayResources
{
    /// <summary>Gateways are chat-gateway-1, chat-gateway-2, …</summary>
    public const string NamePrefix = "chat-gateway-";

    /// <summary>The endpoint chat clients connect to.</summary>
    public const string ChatEndpointName = "chat";

    /// <summary>The same chat, through TLS.</summary>
    public const string TlsEndpointName = "chat-tls";

    /// <summary>
    /// Passes the AppHost's "Gateway" section (e.g. <c>./run.sh --Gateway:MessagesPerSecond=0</c>) to every
    /// gateway, so limits are tuned in one place. The ports are per gateway and set by the endpoints instead,
    /// and the certificate's path is the one the AppHost settled on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewaySettings(this IResourceBuilder<ProjectResource> gateway, IConfigurationSection settings) =>
        gateway.WithSettings(settings, except: ["Port", "TlsPort", "TlsCertificatePath"]);

    /// <summary>
    /// Gateways started on this machine share its cores: each runs at most its share of thread-pool workers
    /// (Gateway:WorkerThreads, at least one), unless the operator set the number. Several gateways whose
    /// workers each wake for every step of a message take the cores from each other and from Redis
    /// (docs/performance.md, "Decision log"). Not in a deployment manifest: there each gateway has a machine.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithCoreShare(this IResourceBuilder<ProjectResource> gateway, int gatewayCount, IConfigurationSection settings) =>
        settings["WorkerThreads"] is not null
            ? gateway
            : gateway.WithEnvironment("Gateway__WorkerThreads", Math.Max(1, Environment.ProcessorCount / Math.Max(1, gatewayCount)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Passes a configuration section of the AppHost to a service as environment variables.</summary>
    public static IResourceBuilder<ProjectResource> WithSettings(this IResourceBuilder<ProjectResource> service, IConfigurationSection settings, string[]? except = null)
    {
        foreach (var setting in settings.AsEnumerable(makePathsRelative: true).Where(s => s.Value is not null && except?.Contains(s.Key) != true))
        {
            service.WithEnvironment($"{settings.Key}__{setting.Key.Replace(":", "__")}", setting.Value);
        }

        return service;
    }

    /// <summary>Dashboard commands that call the gateway's /admin endpoints over its HTTP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithOperatorCommands(this IResourceBuilder<ProjectResource> gateway) => gateway
        .WithHttpCommand("/admin/drain", "Drain", endpointName: "http", commandName: "drain", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Stop accepting new clients and tell connected users to reconnect to another gateway.",
            ConfirmationMessage = "Disconnect every user of this gateway and refuse new ones until resumed?",
            IconName = "ArrowExit",
            IsHighlighted = true,
        })
        .WithHttpCommand("/admin/resume", "Resume", endpointName: "http", commandName: "resume", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Accept new clients again after a drain.",
            IconName = "ArrowEnter",
        });
}
