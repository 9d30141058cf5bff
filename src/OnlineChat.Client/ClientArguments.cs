namespace OnlineChat.Client;

/// <summary>
/// Command line: &lt;username&gt; [--host H] [--port P | --gateways H:P,H:P,…] [--tls] [--fingerprint SHA256].
/// Parsing is pure so it can be tested. Without --port or --gateways the client knows the three local
/// gateways (8888-8890, or the TLS ports 8988-8990) and moves to another when its gateway goes away; --port
/// names one gateway, as before. With --tls the certificate must be valid for the host (system trust store)
/// unless its SHA-256 fingerprint is pinned with --fingerprint (which implies --tls), as for the self-signed
/// certificate the AppHost prints.
/// </summary>
public sealed record ClientArguments(string Username, IReadOnlyList<GatewayAddress> Gateways, bool Tls = false, string? Fingerprint = null)
{
    public const string UsageText =
        "Usage: onlinechat <username> [--host <host>] [--port <port> | --gateways <host:port>,…] [--tls] [--fingerprint <sha256>]\n" +
        "  (defaults: the gateways on localhost ports 8888, 8889, 8890, or 8988-8990 with TLS; plain TCP)";

    public static readonly int[] LocalPorts = [8888, 8889, 8890];

    public static readonly int[] LocalTlsPorts = [8988, 8989, 8990];

    /// <summary>The first gateway tried.</summary>
    public GatewayAddress First => Gateways[0];

    public static ClientArguments? TryParse(string[] args, out string? error)
    {
        string? username = null;
        var host = "localhost";
        int? port = null;
        string? gatewayList = null;
        var tls = false;
        string? fingerprint = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], out var number) || number is < 1 or > 65535)
                    {
                        error = $"Port must be a number from 1 to 65535, not '{args[i]}'.";
                        return null;
                    }

                    port = number;
                    break;
                case "--gateways" when i + 1 < args.Length:
                    gatewayList = args[++i];
                    break;
                case "--tls":
                    tls = true;
                    break;
                case "--fingerprint" when i + 1 < args.Length:
                    fingerprint = NormalizeFingerprint(args[++i]);
                    if (fingerprint is null)
                    {
                        error = $"A fingerprint is 64 hexadecimal digits (colons allowed), not '{args[i]}'.";
                        return null;
                    }

                    tls = true;
                    break;
                case var arg when arg.StartsWith("--", StringComparison.Ordinal):
                    error = $"Unknown or incomplete option '{arg}'.";
                    return null;
                case var arg when username is null:
                    username = arg;
                    break;
                default:
                    error = $"Unexpected argument '{args[i]}'.";
                    return null;
            }
        }

        if (username is null)
        {
            error = "A username is required.";
            return null;
        }

        if (port is not null && gatewayList is not null)
        {
            error = "Give either --port or --gateways, not both.";
            return null;
        }

        List<GatewayAddress> gateways;
        if (gatewayList is not null)
        {
            gateways = [];
            foreach (var item in gatewayList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (GatewayAddress.TryParse(item, host) is not { } address)
                {
                    error = $"A gateway is host:port with a port from 1 to 65535, not '{item}'.";
                    return null;
                }

                gateways.Add(address);
            }

            if (gateways.Count == 0)
            {
                error = "--gateways needs at least one host:port.";
                return null;
            }
        }
        else
        {
            gateways = port is { } one ? [new(host, one)] : [.. (tls ? LocalTlsPorts : LocalPorts).Select(p => new GatewayAddress(host, p))];
        }

        error = null;
        return new ClientArguments(username, gateways, tls, fingerprint);
    }

    /// <summary>Upper-case hex without separators, or null when it is not a SHA-256 fingerprint.</summary>
    public static string? NormalizeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }
}
