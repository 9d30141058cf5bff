namespace OnlineChat.Client;

/// <summary>
/// Command line: &lt;username&gt; [--host H] [--port P] [--tls] [--fingerprint SHA256]. Parsing is pure so it can be tested.
/// With --tls the certificate must be valid for the host (system trust store) unless its SHA-256 fingerprint
/// is pinned with --fingerprint (which implies --tls), as for the self-signed certificate the AppHost prints.
/// </summary>
public sealed record ClientArguments(string Username, string Host, int Port, bool Tls = false, string? Fingerprint = null)
{
    public const string UsageText =
        "Usage: onlinechat <username> [--host <host>] [--port <port>] [--tls] [--fingerprint <sha256>]   (defaults: localhost, 8888, plain TCP)";

    public static ClientArguments? TryParse(string[] args, out string? error)
    {
        string? username = null;
        var host = "localhost";
        var port = 8888;
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
                    if (!int.TryParse(args[++i], out port) || port is < 1 or > 65535)
                    {
                        error = $"Port must be a number from 1 to 65535, not '{args[i]}'.";
                        return null;
                    }

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

        error = username is null ? "A username is required." : null;
        return username is null ? null : new ClientArguments(username, host, port, tls, fingerprint);
    }

    /// <summary>Upper-case hex without separators, or null when it is not a SHA-256 fingerprint.</summary>
    public static string? NormalizeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }
}
