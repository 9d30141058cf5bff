using OnlineChat.Backplane;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnlineChat.Presence;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

public static class PresenceExtensions
{
    public static TBuilder AddPresence<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddChatBackplane();
        builder.Services.AddCheckedSettings<PresenceOptions>(builder.Configuration.GetSection(PresenceOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PresenceMetrics>();
        builder.Services.AddSingleton<UserReleaser>();
        builder.Services.AddSingleton<ResumableSessions>();
        builder.Services.AddSingleton<GroupService>();
        builder.Services.AddSingleton<ModeratorPolicy>();
        builder.Services.AddSingleton<ModerationService>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<DirectoryRecovery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectoryRecovery>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("directory", sp => sp.GetRequiredService<DirectoryRecovery>(), null, null));

        builder.Services.AddSingleton<DirectoryGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectoryGauges>());
        builder.Services.AddSingleton<DeploymentMark>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeploymentMark>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("deployment-redis", sp => sp.GetRequiredService<DeploymentMark>(), null, null));
        builder.Services.AddSingleton<GatewaySweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewaySweeper>());

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(PresenceMetrics.MeterName));
        return builder;
    }
}
