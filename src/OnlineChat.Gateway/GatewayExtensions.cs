using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OnlineChat.Gateway.Delivery;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddChatGateway(this WebApplicationBuilder builder)
    {
        builder.AddChatBackplane();

        var section = builder.Configuration.GetSection(GatewayOptions.SectionName);
        builder.Services.AddCheckedSettings<GatewayOptions>(section);
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, SharedConnectionFrameLimit>();
        var options = section.Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayIdentity>();
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton<LogoutQueue>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddSingleton<GhostLogins>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<SendBatchPool>();
        builder.Services.AddSingleton<LocalFanOut>();
        builder.Services.AddSingleton<AccountLogin>();
        builder.Services.AddSingleton<ChatCommandHandler>();
        builder.Services.AddSingleton<ConnectionAdmission>();
        builder.Services.AddSingleton<GatewayDrain>();
        var chatEndpoint = new ChatEndpoint();
        builder.Services.AddSingleton(chatEndpoint);
        builder.Services.AddPresenceClient(new Uri(options.PresenceUrl));

        // Order matters: the lease and the subscriptions are in place before Kestrel accepts a client.
        builder.Services.AddSingleton<GatewayLease>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayLease>());
        builder.Services.AddSingleton<RelayListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RelayListener>());
        builder.Services.AddSingleton<RelayWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RelayWatch>());
        builder.Services.AddSingleton<MuteTable>();
        builder.Services.AddSingleton<MuteSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MuteSync>());
        builder.Services.AddSingleton<PresenceProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresenceProbe>());
        builder.Services.AddHostedService<ListeningLog>();

        builder.Services.AddHealthChecks().AddCheck<GatewayHealthCheck>("gateway-lease");
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(GatewayTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(GatewayMetrics.MeterName));

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            ListenOn(kestrel, options.ListenAddress, options.Port, listener =>
            {
                chatEndpoint.Listener = listener;
                listener.UseConnectionHandler<ChatConnectionHandler>();
            });

            if (options.TlsPort != 0)
            {
                // Kestrel's TLS in front of the same connection handler: the handler reads decrypted frames.
                chatEndpoint.TlsCertificate = GatewayCertificate.Load(options);
                ListenOn(kestrel, options.ListenAddress, Math.Max(0, options.TlsPort), listener =>
                {
                    chatEndpoint.TlsListener = listener;
                    listener.UseHttps(chatEndpoint.TlsCertificate);
                    listener.UseConnectionHandler<ChatConnectionHandler>();
                });
            }

            // Binding in code makes Kestrel ignore ASPNETCORE_URLS, which is where Aspire puts the HTTP
            // endpoint for /health. Bind those URLs explicitly so the health checks stay reachable.
            var urls = context.Configuration["urls"] ?? context.Configuration["ASPNETCORE_URLS"] ?? "";
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var uri = new Uri(url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"));
                ListenOn(kestrel, uri.Host, uri.Port, _ => { });
            }
        });
        return builder;
    }

    private static void ListenOn(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        if (host is "*" or "0.0.0.0" or "::" or "[::]")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (host is "localhost")
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port, configure);
        }
    }
}
