using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.AppHost;

/// <summary>
/// Where Redis comes from. "process" (default) runs the machine's redis-server, since no container engine
/// is needed for that; "container" uses Aspire's Redis container for those with Docker; "external" uses
/// ConnectionStrings:redis as given. The deployment manifest (publish mode) always asks for a connection
/// string: a deployment on several machines brings its own Redis (a managed one, or a cluster).
/// </summary>
internal static class RedisResources
{
    public const string ConnectionName = "redis";

    /// <param name="dataDirectory">The deployment's data folder (DeploymentData); redis-server keeps its files in "redis" there.</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddChatRedis(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var mode = builder.ExecutionContext.IsPublishMode ? "external" : builder.Configuration["Redis:Mode"] ?? "process";
        return mode switch
        {
            "process" => builder.AddRedisProcess(builder.Configuration["Redis:DataDirectory"] is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(dataDirectory, "redis")),
            "container" => builder.AddRedis(ConnectionName).WithRestartOnCrash(),
            "external" => builder.AddConnectionString(ConnectionName),
            _ => throw new InvalidOperationException($"Redis:Mode must be process, container or external, not '{mode}'."),
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
            context.Args.Add("--bind");
            context.Args.Add("127.0.0.1");
            // Accounts, groups and memberships must survive a restart of redis-server or of the whole system:
            // an append-only file, written to disk every second (at most a second of changes lost on a
            // crash of the machine), and no RDB snapshots besides it.
            context.Args.Add("--dir");
            context.Args.Add(dataDirectory);
            context.Args.Add("--appendonly");
            context.Args.Add("yes");
            context.Args.Add("--appendfsync");
            context.Args.Add("everysec");
            context.Args.Add("--save");
            context.Args.Add("");
        });

        var healthCheckKey = "redis-server-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, ct => PingAsync(endpoint, ct));
        server.WithHealthCheck(healthCheckKey);

        return builder.AddConnectionString(ConnectionName, ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"))
            .WaitFor(server);
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
