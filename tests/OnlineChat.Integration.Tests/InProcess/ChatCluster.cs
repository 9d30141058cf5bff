using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OnlineChat.Presence;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The whole system inside the test process: a real redis-server, the presence service and N gateways on
/// free loopback ports, each a real ASP.NET Core host with the production wiring. Used where a test must
/// stop Redis or presence, tune a gateway's limits, or read its telemetry in memory.
/// </summary>
public sealed class ChatCluster : IAsyncDisposable
{
    private readonly WebApplication?[] _gateways;
    private readonly Dictionary<string, string?> _gatewaySettings;
    private readonly Action<int, WebApplicationBuilder>? _configureGateway;
    private readonly Dictionary<string, string?> _presenceSettings;
    private readonly Func<int, string?>? _gatewayRedis;
    private WebApplication? _presence;

    private ChatCluster(ITestRedis redis, int gateways, Dictionary<string, string?> gatewaySettings, Action<int, WebApplicationBuilder>? configureGateway,
        Dictionary<string, string?> presenceSettings, Func<int, string?>? gatewayRedis)
    {
        Redis = redis;
        _gateways = new WebApplication?[gateways];
        _gatewaySettings = gatewaySettings;
        _configureGateway = configureGateway;
        _presenceSettings = presenceSettings;
        _gatewayRedis = gatewayRedis;
    }

    public ITestRedis Redis { get; }

    /// <summary>Extra wiring for gateways started from now on (1-based number), e.g. another deployment id.</summary>
    public Action<int, WebApplicationBuilder>? ConfigureGateway { get; set; }

    public Uri PresenceUrl { get; private set; } = null!;

    /// <param name="gatewaySettings">Configuration for every gateway, e.g. "Gateway:MessagesPerSecond".</param>
    /// <param name="configureGateway">Extra wiring for gateway n (1-based), e.g. an in-memory exporter.</param>
    /// <param name="presenceSettings">Configuration for the presence service.</param>
    /// <param name="redis">The Redis to run on (a Redis Cluster, say); one new redis-server if none.</param>
    /// <param name="gatewayRedis">Where gateway n connects for Redis, when not straight to it (null): a link a test cuts.</param>
    public static async Task<ChatCluster> StartAsync(
        int gateways = 2,
        Dictionary<string, string?>? gatewaySettings = null,
        Action<int, WebApplicationBuilder>? configureGateway = null,
        Dictionary<string, string?>? presenceSettings = null,
        ITestRedis? redis = null,
        Func<int, string?>? gatewayRedis = null)
    {
        redis ??= await RedisServer.StartAsync();
        var cluster = new ChatCluster(redis, gateways, gatewaySettings ?? [], configureGateway, presenceSettings ?? [], gatewayRedis);
        try
        {
            await cluster.StartPresenceAsync(port: 0);
            await cluster.WaitForDirectoryAsync();
            for (var n = 1; n <= gateways; n++)
            {
                await cluster.StartGatewayAsync(n);
            }

            return cluster;
        }
        catch
        {
            // A start that fails leaves no redis-server (or presence) running for the rest of the test run.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where a chat client connects to gateway n (1-based).</summary>
    public Uri Gateway(int n) => new($"tcp://127.0.0.1:{Services(n).GetRequiredService<ChatEndpoint>().Port}");

    /// <summary>Gateway n's TLS chat port (started with <c>Gateway:TlsPort=-1</c>).</summary>
    public Uri TlsGateway(int n) => new($"tcp://127.0.0.1:{Services(n).GetRequiredService<ChatEndpoint>().TlsPort}");

    /// <summary>The SHA-256 (hex) of gateway n's TLS certificate, for a client that pins it.</summary>
    public string TlsFingerprint(int n) =>
        Convert.ToHexString(Services(n).GetRequiredService<ChatEndpoint>().TlsCertificate!.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));

    public IServiceProvider Services(int n) => (_gateways[n - 1] ?? throw new InvalidOperationException($"Gateway {n} is stopped.")).Services;

    public string GatewayId(int n) => Services(n).GetRequiredService<GatewayIdentity>().Id;

    /// <summary>
    /// Waits until gateway n delivers live to <paramref name="user"/>. A login's welcome goes out before that: the
    /// gateway first sends what the log got during the login, so a line sent meanwhile reaches the user from the
    /// log and its live delivery counts no recipient. Tests that count recipients wait for this.
    /// </summary>
    public Task WaitUntilLiveAsync(int n, string user) =>
        Eventually.TrueAsync(() => Services(n).GetRequiredService<SessionRegistry>().TryGet(user, out _), $"{user} gets live delivery on gateway {n}");

    /// <summary>The shared directory, read through the first running gateway's Redis connection.</summary>
    public ChatDirectory Directory => _gateways.First(g => g is not null)!.Services.GetRequiredService<ChatDirectory>();

    /// <summary>Connects as <paramref name="name"/>, registers it, does <paramref name="beforeQuit"/> (joins a group, say) and leaves, as a teacher setting up would; returns once it is offline.</summary>
    public async Task RegisterAccountAsync(string name, string password, int gateway = 1, Func<ChatTestClient, Task>? beforeQuit = null)
    {
        await using (var owner = await ChatTestClient.LoginAsync(Gateway(gateway), name))
        {
            Assert.Equal(name, owner.Name);
            await owner.SendAsync($"/register {password}");
            Assert.Equal(OnlineChat.Protocol.ChatText.Registered(name), await owner.ReceiveAsync());
            if (beforeQuit is not null)
            {
                await beforeQuit(owner);
            }

            await owner.SendAsync("/quit");
            await owner.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(async () => await Directory.LocateAsync(name) is null, $"{name} is offline");
    }

    /// <summary>Registers <paramref name="name"/> (an account Presence:Moderators names) and logs in to it on gateway 1: the badge comes with the login.</summary>
    public async Task<ChatTestClient> LogInModeratorAsync(string name, string password)
    {
        await RegisterAccountAsync(name, password);
        var moderator = await ChatTestClient.LoginAsync(Gateway(1), "guest");
        await moderator.SendAsync($"/login {name} {password}");
        Assert.Equal(OnlineChat.Protocol.ChatText.LoggedIn(name), await moderator.ReceiveAsync());
        return moderator;
    }

    /// <summary>Graceful stop, as SIGTERM or the AppHost's stop would do it.</summary>
    public async Task StopGatewayAsync(int n)
    {
        var gateway = _gateways[n - 1]!;
        _gateways[n - 1] = null;
        await gateway.StopAsync();
        await gateway.DisposeAsync();
    }

    public async Task StopPresenceAsync()
    {
        await _presence!.StopAsync();
        await _presence.DisposeAsync();
        _presence = null;
    }

    /// <summary>
    /// Until presence has marked a fresh (or restarted-empty) directory whole, claims wait (DirectoryRecovery):
    /// the way the AppHost's gateways wait for a Healthy presence.
    /// </summary>
    public async Task WaitForDirectoryAsync()
    {
        var health = _presence!.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        await Eventually.TrueAsync(async () => (await health.CheckHealthAsync()).Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            "presence reports the directory whole");
    }

    /// <summary>Starts presence again on the port it had, as a restarted service would be.</summary>
    public Task RestartPresenceAsync() => StartPresenceAsync(PresenceUrl.Port);

    public async ValueTask DisposeAsync()
    {
        for (var n = 1; n <= _gateways.Length; n++)
        {
            if (_gateways[n - 1] is not null)
            {
                await StopGatewayAsync(n);
            }
        }

        if (_presence is not null)
        {
            await StopPresenceAsync();
        }

        await Redis.DisposeAsync();
    }

    private async Task StartPresenceAsync(int port)
    {
        var builder = NewBuilder("OnlineChat.Presence", new(_presenceSettings)
        {
            ["urls"] = $"http://127.0.0.1:{port}",
        });
        builder.AddServiceDefaults();
        builder.AddPresence();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPresenceEndpoints();
        app.MapPresenceAdmin();
        await app.StartAsync();
        _presence = app;
        PresenceUrl = new Uri(app.Urls.First());
    }

    /// <summary>Starts gateway n (1-based) again, or for the first time after a stop.</summary>
    public async Task StartGatewayAsync(int n)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Port"] = "0",
            ["Gateway:ListenAddress"] = "127.0.0.1",
            ["Gateway:Id"] = $"gw-test-{n}",
            ["Gateway:PresenceUrl"] = PresenceUrl.ToString(),
        };
        foreach (var (key, value) in _gatewaySettings)
        {
            settings[key] = value;
        }

        if (_gatewayRedis?.Invoke(n) is { } redis)
        {
            settings["ConnectionStrings:redis"] = redis;
        }

        var builder = NewBuilder("OnlineChat.Gateway", settings);
        builder.AddServiceDefaults();
        builder.AddChatGateway();
        _configureGateway?.Invoke(n, builder);
        ConfigureGateway?.Invoke(n, builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayAdmin();
        await app.StartAsync();
        _gateways[n - 1] = app;
    }

    private WebApplicationBuilder NewBuilder(string applicationName, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = applicationName });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = Redis.ConnectionString,
            ["Backplane:KeyPrefix"] = Redis.KeyPrefix,
            ["Backplane:PubSub"] = Redis.PubSub,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
