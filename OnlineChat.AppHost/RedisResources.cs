using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.AppHost;

/// <summary>
/// Where Redis comes from. "process" (default) runs the machine's redis-server, since no container engine
/// is needed for that; "cluster" runs a local Redis Cluster of three redis-server masters; "container" uses
/// Aspire's Redis container for those with Docker; "external" uses ConnectionStrings:redis as given (one
/// server or a cluster's endpoints). The deployment manifest (publish mode) always asks for a connection
/// string: a deployment on several machines brings its own Redis (a managed one, or a cluster).
/// </summary>
internal static class RedisResources
{
    public const string ConnectionName = "redis";

    /// <summary>Redis:Mode, as the system runs it: publishing always asks for an external Redis.</summary>
    public static string Mode(IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode ? "external" : builder.Configuration["Redis:Mode"] ?? "process";

    /// <param name="dataDirectory">The deployment's data folder (DeploymentData); redis-server keeps its files in "redis" there.</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddChatRedis(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        return Mode(builder) switch
        {
            "process" => builder.AddRedisProcess(builder.Configuration["Redis:DataDirectory"] is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(dataDirectory, "redis")),
            "cluster" => builder.AddRedisCluster(Path.Combine(dataDirectory, "redis-cluster")),
            "container" => builder.AddRedis(ConnectionName).WithRestartOnCrash(),
            "external" => builder.AddConnectionString(ConnectionName),
            var mode => throw new InvalidOperationException($"Redis:Mode must be process, cluster, container or external, not '{mode}'."),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisProcess(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var server = builder.AddExecutable("redis-server", "redis-server", workingDirectory: dataDirectory)
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithRestartOnCrash();
        var endpoint = server.GetEndpoint("tcp");
        server.WithArgs(context =>
        {
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            AddLocalPersistentServer(context.Args, dataDirectory);
        });

        var healthCheckKey = "redis-server-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, ct => PingAsync(endpoint, ct));
        server.WithHealthCheck(healthCheckKey);

        return builder.AddConnectionString(ConnectionName, ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"))
            .WaitFor(server);
    }

    /// <summary>
    /// redis-server on loopback only, keeping its files in <paramref name="folder"/>. Accounts, groups and
    /// memberships must survive a restart of redis-server or of the whole system: an append-only file,
    /// written to disk every second (at most a second of changes lost on a crash of the machine), and no
    /// RDB snapshots besides it.
    /// </summary>
    private static void AddLocalPersistentServer(IList<object> args, string folder) =>
        Add(args, "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "");

    private static void Add(IList<object> args, params string[] values)
    {
        foreach (var value in values)
        {
            args.Add(value);
        }
    }

    /// <summary>
    /// Gives a service the key prefix (Backplane:KeyPrefix), the kind of pub/sub (Backplane:PubSub) and whether
    /// commands and pub/sub share a connection (Backplane:SharedConnection) that are set; the service's
    /// defaults otherwise.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBackplane(this IResourceBuilder<ProjectResource> service, string? prefix, string? pubSub, string? sharedConnection)
    {
        if (prefix is not null)
        {
            service.WithEnvironment("Backplane__KeyPrefix", prefix);
        }

        if (sharedConnection is not null)
        {
            service.WithEnvironment("Backplane__SharedConnection", sharedConnection);
        }

        return pubSub is null ? service : service.WithEnvironment("Backplane__PubSub", pubSub);
    }

    /// <summary>
    /// Three redis-server masters in cluster mode, each with its append-only file in its own folder, joined by
    /// scripts/redis-cluster-create.sh once all answer; the connection string lists the three. The ports are
    /// fixed (Redis:ClusterBasePort, 7100-7102 and their cluster-bus ports 17100-17102) because each node's
    /// nodes.conf remembers its peers by port: a restarted system finds its cluster, and its data, again.
    /// With Redis:ClusterBasePort=0 Aspire picks free ports (the tests; a fresh cluster each run).
    /// </summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddRedisCluster(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        const int Masters = 3;
        var basePort = builder.Configuration.GetValue("Redis:ClusterBasePort", 7100);
        var endpoints = new List<EndpointReference>();
        var nodes = new List<IResourceBuilder<ExecutableResource>>();
        for (var n = 0; n < Masters; n++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(dataDirectory, $"node-{n + 1}")).FullName;
            var node = builder.AddExecutable($"redis-node-{n + 1}", "redis-server", workingDirectory: folder)
                .WithEndpoint(name: "tcp", scheme: "tcp", port: basePort == 0 ? null : basePort + n, isProxied: false)
                .WithEndpoint(name: "bus", scheme: "tcp", port: basePort == 0 ? null : basePort + 10000 + n, isProxied: false)
                .WithRestartOnCrash();
            var endpoint = node.GetEndpoint("tcp");
            var bus = node.GetEndpoint("bus");
            node.WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--cluster-port");
                context.Args.Add(bus.Property(EndpointProperty.TargetPort));
                AddLocalPersistentServer(context.Args, folder);
                // A master that is down takes only its own slots away, not the whole cluster's (full coverage off).
                Add(context.Args, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                    "--cluster-require-full-coverage", "no");
            });
            var healthCheckKey = $"redis-node-{n + 1}-ping";
            builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, ct => PingAsync(endpoint, ct));
            node.WithHealthCheck(healthCheckKey);
            endpoints.Add(endpoint);
            nodes.Add(node);
        }

        var script = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "scripts", "redis-cluster-create.sh"));
        var create = builder.AddExecutable("redis-cluster-create", "bash", workingDirectory: builder.AppHostDirectory)
            .WithArgs(context =>
            {
                context.Args.Add(script);
                foreach (var endpoint in endpoints)
                {
                    context.Args.Add(endpoint.Property(EndpointProperty.HostAndPort));
                }
            });
        foreach (var node in nodes)
        {
            create.WaitFor(node);
        }

        var connectionString = ReferenceExpression.Create(
            $"{endpoints[0].Property(EndpointProperty.HostAndPort)},{endpoints[1].Property(EndpointProperty.HostAndPort)},{endpoints[2].Property(EndpointProperty.HostAndPort)}");
        return builder.AddConnectionString(ConnectionName, connectionString).WaitForCompletion(create);
    }

    /// <summary>Healthy once redis-server answers PING, so services start against a Redis that is ready.</summary>
    private static async Task<HealthCheckResult> PingAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("redis-server has no port yet.");
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var reply = new byte[16];
            var read = await stream.ReadAsync(reply, cancellationToken);
            return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("redis-server did not answer PING.");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy("redis-server is not accepting connections yet.", ex);
        }
    }
}
