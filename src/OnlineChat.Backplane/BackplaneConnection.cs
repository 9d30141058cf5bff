using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// How a service talks to each Redis server (Backplane:SharedConnection). Shared, the default: one RESP3
/// connection carries the commands, the scripts' answers and the subscribed messages (as push replies);
/// with one socket a server instead of two, Redis and the gateways spend less CPU per message
/// (docs/performance.md, decision log). False: StackExchange.Redis's own default, a second connection that
/// holds the subscriptions. RESP3 needs Redis 6 or later.
/// </summary>
public sealed record BackplaneConnection(bool Shared)
{
    public const string ConfigurationKey = "Backplane:SharedConnection";

    /// <summary>
    /// Whether subscribed messages arrive on a connection of this type, so that relaying is back when it is:
    /// the subscription connection, and when shared the commands' connection (which is then the only one).
    /// </summary>
    public bool CarriesMessages(ConnectionType type) =>
        type == ConnectionType.Subscription || (Shared && type == ConnectionType.Interactive);

    public static BackplaneConnection From(IConfiguration configuration) => configuration[ConfigurationKey]?.ToLowerInvariant() switch
    {
        null or "" or "true" => new(Shared: true),
        "false" => new(Shared: false),
        var other => throw new InvalidOperationException($"{ConfigurationKey} must be true or false, not '{other}'."),
    };

    /// <summary>Sets StackExchange.Redis up for this choice.</summary>
    public void Apply(ConfigurationOptions options)
    {
        if (Shared)
        {
            options.Protocol = RedisProtocol.Resp3;
            // Redis counts a connection holding a subscription as a pub/sub client, with that class's output
            // limit (32 MB, or 8 MB for a minute): the largest answer sharing it is a page of the log, which
            // a gateway keeps below it by refusing frames over 16 KiB (SharedConnectionFrameLimit).
            options.SharedSubscriptionConnection = true;
        }
    }
}
