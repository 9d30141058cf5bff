using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using StackExchange.Redis;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class BackplaneExtensions
{
    /// <summary>Redis connection name in configuration (ConnectionStrings:redis), as the AppHost names it.</summary>
    public const string RedisConnectionName = "redis";

    /// <summary>Registers the shared Redis connection, the directory and the bus, with their telemetry.</summary>
    public static TBuilder AddChatBackplane<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var connection = BackplaneConnection.From(builder.Configuration);
        builder.AddRedisClient(RedisConnectionName, configureSettings: settings => settings.DisableHealthChecks = true, configureOptions: options =>
        {
            // Keep retrying in the background while Redis is away rather than failing start-up.
            options.AbortOnConnectFail = false;
            // While Redis is away a send fails at once and the user is told, instead of queueing for seconds
            // and maybe never going out.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000);
            connection.Apply(options);
        });

        var prefix = builder.Configuration["Backplane:KeyPrefix"] ?? "oc:";
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton(new ChatKeys(prefix, ShardedPubSub(builder.Configuration)));
        builder.Services.AddSingleton(sp => new DeploymentIdentity(sp.GetRequiredService<IConfiguration>()[DeploymentIdentity.ConfigurationKey] ?? ""));
        builder.Services.AddSingleton<ChatDirectory>();
        builder.Services.AddSingleton<ChatBus>();
        builder.Services.AddSingleton<MessageLog>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        builder.Services.AddCheckedSettings<HistoryOptions>(builder.Configuration.GetSection(HistoryOptions.Section));

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(BackplaneTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(BackplaneTelemetry.MeterName));
        return builder;
    }

    /// <summary>Backplane:PubSub: "classic" (the default, any Redis) or "sharded" (Redis 7 and later; what a Redis Cluster wants).</summary>
    private static bool ShardedPubSub(IConfiguration configuration) => configuration["Backplane:PubSub"]?.ToLowerInvariant() switch
    {
        null or "" or "classic" => false,
        "sharded" => true,
        _ => throw new InvalidOperationException($"Backplane:PubSub must be classic or sharded, not '{configuration["Backplane:PubSub"]}'."),
    };
}
