using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// "--publisher manifest" writes the deployment manifest instead of running (docs/operations.md, "Deploying
// on several machines"): what belongs to this machine (the data folder, a local redis-server, a generated
// id) is then asked of whoever deploys, as parameters.
var publishing = builder.ExecutionContext.IsPublishMode;

// One id per AppHost run (or the one configured), given to presence and every gateway: a gateway wired to
// another deployment's presence or Redis then reports Unhealthy instead of looking fine.
var deploymentId = publishing
    ? ReferenceExpression.Create($"{builder.AddParameter("deployment-id")}")
    : ReferenceExpression.Create($"{builder.Configuration["Deployment:Id"] ?? Guid.NewGuid().ToString("N")[..12]}");

// What must outlive a restart (Redis's append-only file, the TLS certificate) lives in one folder per deployment.
var dataDirectory = DeploymentData.Directory(builder.Configuration);
using var dataFolderLock = publishing ? null : DataFolderLock.TryTake(dataDirectory);
if (!publishing && dataFolderLock is null)
{
    Console.Error.WriteLine(DataFolderLock.HeldElsewhere(dataDirectory));
    return 1;
}

var redis = builder.AddChatRedis(dataDirectory);

// On a Redis Cluster every key of the chat carries one hash tag, so that the keys a script uses together
// share a slot, and pub/sub is sharded, so that a publish stays on that slot's master instead of being
// copied to every node (docs/operations.md, "Redis Cluster"); configured values win.
var onCluster = RedisResources.Mode(builder) == "cluster";
var keyPrefix = builder.Configuration["Backplane:KeyPrefix"] ?? (onCluster ? "{oc}:" : null);
var pubSub = builder.Configuration["Backplane:PubSub"] ?? (onCluster ? "sharded" : null);
var sharedConnection = builder.Configuration["Backplane:SharedConnection"];

// No fixed port (a second deployment on the machine would collide) and no proxy in front (a proxy kept
// forwarding to nothing after presence was killed): Aspire picks a free port and gateways find it by name.
var presence = builder.AddProject<Projects.OnlineChat_Presence>("presence", options => options.ExcludeLaunchProfile = true)
    .WithHttpEndpoint(name: "http", isProxied: false)
    .WithReportedHealth("/health")
    .WithEnvironment("Deployment__Id", deploymentId)
    .WithBackplane(keyPrefix, pubSub, sharedConnection)
    .WithSettings(builder.Configuration.GetSection("Presence"))
    .WithSettings(builder.Configuration.GetSection("History"))
    .WithSettings(builder.Configuration.GetSection("Telemetry"))
    .WithRestartOnCrash()
    .WithPasswordResetCommand()
    .WithReference(redis).WaitFor(redis);

// Each gateway gets its own documented port (8888, 8889, …) so clients can pick one; BasePort=0 lets
// Aspire choose free ports instead (the tests do this).
var gatewayCount = builder.Configuration.GetValue("Gateways:Count", 3);
var basePort = builder.Configuration.GetValue("Gateways:BasePort", 8888);
// Each gateway also takes TLS on a second port (8988, 8989, … by default), with one certificate for the
// deployment: the file configured, or a self-signed one the first gateway makes in the data folder.
var tlsBasePort = builder.Configuration.GetValue("Gateways:TlsBasePort", basePort == 0 ? 0 : basePort + 100);
var tlsCertificatePath = builder.Configuration["Gateway:TlsCertificatePath"] is { Length: > 0 } configuredCertificate
    ? Path.GetFullPath(configuredCertificate)
    : Path.Combine(dataDirectory, "tls", "gateway.pfx");
builder.Services.AddSingleton(new GatewayTls(tlsCertificatePath, builder.Configuration["Gateway:TlsCertificatePassword"]));
var tlsCertificate = publishing
    ? ReferenceExpression.Create($"{builder.AddParameter("gateway-tls-certificate-path")}")
    : ReferenceExpression.Create($"{tlsCertificatePath}");
for (var i = 0; i < gatewayCount; i++)
{
    var gateway = builder.AddProject<Projects.OnlineChat_Gateway>($"{GatewayResources.NamePrefix}{i + 1}")
        .WithHttpEndpoint(name: "http", isProxied: false)
        .WithReportedHealth("/health")
        .WithEndpoint(port: basePort == 0 ? null : basePort + i, scheme: "tcp", name: GatewayResources.ChatEndpointName, env: "Gateway__Port", isProxied: false)
        .WithEndpoint(port: tlsBasePort == 0 ? null : tlsBasePort + i, scheme: "tcp", name: GatewayResources.TlsEndpointName, env: "Gateway__TlsPort", isProxied: false)
        .WithEnvironment("Gateway__TlsCertificatePath", tlsCertificate)
        .WithEnvironment("Deployment__Id", deploymentId)
        .WithBackplane(keyPrefix, pubSub, sharedConnection)
        .WithGatewaySettings(builder.Configuration.GetSection("Gateway"))
        // Presence publishes notices and gateways publish messages: both write the log and histories.
        .WithSettings(builder.Configuration.GetSection("History"))
        .WithSettings(builder.Configuration.GetSection("Telemetry"))
        .WithOperatorCommands()
        .WithRestartOnCrash()
        .WithReference(redis).WaitFor(redis)
        .WithReference(presence).WaitFor(presence);
    if (!publishing)
    {
        gateway.WithCoreShare(gatewayCount, builder.Configuration.GetSection("Gateway"));
    }
}

builder.Services.AddHostedService<ReadyAnnouncement>();

builder.Build().Run();
return 0;
