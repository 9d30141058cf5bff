using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Gateway;

/// <summary>
/// Tells this gateway's users when the Redis connection drops and when it is back, so a silent room is
/// never mistaken for a quiet one. Sends already fail with an error while it is down (fail-fast backlog);
/// StackExchange.Redis restores the subscriptions itself on reconnect, and <see cref="GatewayLease"/>
/// puts the users back into the directory if Redis lost them.
/// </summary>
public sealed class RelayWatch(
    IConnectionMultiplexer redis,
    BackplaneConnection connection,
    SessionRegistry registry,
    GatewayIdentity identity,
    ILogger<RelayWatch> logger) : IHostedService
{
    private int _down;

    /// <summary>Whether the connection is down now (told to the users registered when it dropped; a later one is told as it registers).</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Raised once per connection (commands and subscriptions); users hear it once.
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            GatewayLog.RelayDown(logger, identity.Id, e.ConnectionType.ToString(), registry.Count);
            registry.TellAll(ChatText.RelayDown);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Relaying is back when the connection that messages arrive on is (the one connection when it is shared).
        if (connection.CarriesMessages(e.ConnectionType) && Interlocked.Exchange(ref _down, 0) == 1)
        {
            GatewayLog.RelayBack(logger, identity.Id);
            registry.TellAll(ChatText.RelayBack);
        }
    }
}
