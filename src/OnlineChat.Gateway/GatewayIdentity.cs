using Microsoft.Extensions.Options;

namespace OnlineChat.Gateway;

/// <summary>This gateway's id in the directory: configured, or made unique at start-up.</summary>
public sealed class GatewayIdentity(IOptions<GatewayOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.Id)
        ? $"gw-{options.Value.Port}-{Guid.NewGuid().ToString("N")[..8]}"
        : options.Value.Id;
}
