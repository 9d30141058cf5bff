using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway;

/// <summary>
/// Keeps a page of the log within what Redis lets a shared connection hold. With Backplane:SharedConnection
/// the answers to a gateway's reads arrive on a connection that holds subscriptions, which Redis cuts when
/// its output passes 32 MB (client-output-buffer-limit pubsub, by default). A catch-up reads
/// <see cref="RelayListener.Page"/> log lines at a time, each up to a frame's text and its envelope: with
/// frames of at most 16 KiB a page stays near half of that. Larger frames would have a gateway cut off each
/// time it read a page of them, and read it again after reconnecting.
/// </summary>
public sealed class SharedConnectionFrameLimit(BackplaneConnection connection) : IValidateOptions<GatewayOptions>
{
    public const int LargestFrameBytes = 16 * 1024;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        connection.Shared && options.MaxFrameBytes > LargestFrameBytes
            ? ValidateOptionsResult.Fail(
                $"Gateway:MaxFrameBytes is {options.MaxFrameBytes}, over the {LargestFrameBytes} that {BackplaneConnection.ConfigurationKey}=true allows: " +
                $"a catch-up reads {RelayListener.Page} log lines at a time, and Redis cuts a connection that holds subscriptions once an answer passes 32 MB. " +
                $"Lower it, or set {BackplaneConnection.ConfigurationKey}=false on every service.")
            : ValidateOptionsResult.Success;
}
