using System.Globalization;

namespace OnlineChat.Client;

/// <summary>One gateway to connect to.</summary>
public sealed record GatewayAddress(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"host:port" (a port alone means <paramref name="defaultHost"/>), or null when it is not one.</summary>
    public static GatewayAddress? TryParse(string text, string defaultHost)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : defaultHost;
        var portText = colon >= 0 ? text[(colon + 1)..] : text;
        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 && host.Length > 0
            ? new GatewayAddress(host, port)
            : null;
    }
}
