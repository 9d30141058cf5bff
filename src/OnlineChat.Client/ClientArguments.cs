using System.CommandLine;
using System.CommandLine.Parsing;

namespace OnlineChat.Client;

/// <summary>
/// What the client was asked to do: who to be and which gateways to try, over TCP or TLS. Without --port or
/// --gateways the client knows the three local gateways (8888-8890, or the TLS ports 8988-8990) and moves
/// to another when its gateway goes away; --port names one gateway, as before. With --tls the certificate
/// must be valid for the host (system trust store) unless its SHA-256 fingerprint is pinned with
/// --fingerprint (which implies --tls), as for the self-signed certificate the AppHost prints.
/// </summary>
public sealed record ClientArguments(string Username, IReadOnlyList<GatewayAddress> Gateways, bool Tls = false, string? Fingerprint = null, bool Plain = false)
{
    public static readonly int[] LocalPorts = [8888, 8889, 8890];

    public static readonly int[] LocalTlsPorts = [8988, 8989, 8990];

    /// <summary>The first gateway tried.</summary>
    public GatewayAddress First => Gateways[0];

    /// <summary>The arguments, or null with every reason they were refused (for tests and for <see cref="ClientCommandLine"/>).</summary>
    public static ClientArguments? TryParse(string[] args, out string? error)
    {
        var commandLine = new ClientCommandLine();
        var result = commandLine.Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            error = string.Join(" ", result.Errors.Select(e => e.Message));
            return null;
        }

        error = null;
        return commandLine.Arguments(result);
    }

    /// <summary>Upper-case hex without separators, or null when it is not a SHA-256 fingerprint.</summary>
    public static string? NormalizeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }
}

/// <summary>
/// The command line's grammar, with System.CommandLine (the .NET team's parser: POSIX and Windows option
/// styles, --help generated from the same definitions, errors that name the bad token). Values that
/// depend on each other (--host with --gateways, --port against --gateways) are checked in one validator,
/// so every refusal is a parse error with a clear message and exit code 64.
/// </summary>
public sealed class ClientCommandLine
{
    /// <summary>Exit codes, as documented in --help and the README.</summary>
    public const int Usage = 64;

    private readonly Argument<string?> _username = new("username")
    {
        Description = "The name to chat under (a guest name; /login later for a registered account).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private const string DefaultHost = "localhost";

    private readonly Option<string> _host = new("--host")
    {
        Description = "Host of the gateways named by a bare port.",
        DefaultValueFactory = _ => DefaultHost,
    };

    private readonly Option<int?> _port = new("--port")
    {
        Description = "One gateway's port on --host (the seed client's way); it is the only one tried.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, out var port) && port is >= 1 and <= 65535)
            {
                return port;
            }

            result.AddError($"Port must be a number from 1 to 65535, not '{text}'.");
            return null;
        },
    };

    private readonly Option<string?> _gateways = new("--gateways")
    {
        Description = "Gateways to use, tried in turn when one goes away: host:port or port, comma-separated (default: localhost 8888-8890, or 8988-8990 with --tls).",
    };

    private readonly Option<bool> _tls = new("--tls")
    {
        Description = "Connect with TLS; the certificate must be trusted unless --fingerprint pins it.",
    };

    private readonly Option<string?> _fingerprint = new("--fingerprint")
    {
        Description = "The gateway certificate's SHA-256 fingerprint (as the AppHost prints it, colons allowed); implies --tls.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var normalized = ClientArguments.NormalizeFingerprint(text);
            if (normalized is null)
            {
                result.AddError($"A fingerprint is 64 hexadecimal digits (colons allowed), not '{text}'.");
            }

            return normalized;
        },
    };

    private readonly Option<bool> _plain = new("--plain")
    {
        Description = "Plain lines instead of the full-screen UI: one line per message and a \"name: \" prompt (for scripts, screen readers and dumb terminals; the default when input or output is not a terminal, or TERM is dumb).",
    };

    public ClientCommandLine()
    {
        Command = new RootCommand(
            "OnlineChat console client: chat in the room, in private messages and in groups through the gateways.\n" +
            "Exit codes: 0 you quit or logged out, or the account logged in elsewhere; 64 bad arguments; 65 the server refused your name; 69 no gateway reachable for 2 minutes.")
        {
            _username, _host, _port, _gateways, _tls, _fingerprint, _plain,
        };
        Command.Validators.Add(result =>
        {
            if (result.GetValue(_username) is null)
            {
                result.AddError("A username is required.");
            }

            // By presence, not value: a bad --port already has its own error, and its value would throw.
            if (result.GetResult(_port) is not null && result.GetResult(_gateways) is not null)
            {
                result.AddError("Give either --port or --gateways, not both.");
            }

            // A validator runs before System.CommandLine fills in defaults: without --host, GetValue gives null.
            if (result.GetValue(_gateways) is { } list && GatewaysOf(list, result.GetValue(_host) ?? DefaultHost, out var error) is null)
            {
                result.AddError(error!);
            }
        });
    }

    /// <summary>The root command: parse with it, and give it the client's action.</summary>
    public RootCommand Command { get; }

    /// <summary>The arguments of a parse without errors.</summary>
    public ClientArguments Arguments(ParseResult result)
    {
        var host = result.GetValue(_host)!;
        var fingerprint = result.GetValue(_fingerprint);
        var tls = result.GetValue(_tls) || fingerprint is not null;
        IReadOnlyList<GatewayAddress> gateways = result.GetValue(_gateways) is { } list
            ? GatewaysOf(list, host, out _)!
            : result.GetValue(_port) is { } port
                ? [new GatewayAddress(host, port)]
                : [.. (tls ? ClientArguments.LocalTlsPorts : ClientArguments.LocalPorts).Select(p => new GatewayAddress(host, p))];
        return new ClientArguments(result.GetValue(_username)!, gateways, tls, fingerprint, result.GetValue(_plain));
    }

    private static List<GatewayAddress>? GatewaysOf(string list, string host, out string? error)
    {
        var gateways = new List<GatewayAddress>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (GatewayAddress.TryParse(item, host) is not { } address)
            {
                error = $"A gateway is host:port with a port from 1 to 65535, not '{item}'.";
                return null;
            }

            gateways.Add(address);
        }

        error = gateways.Count == 0 ? "--gateways needs at least one host:port." : null;
        return gateways.Count == 0 ? null : gateways;
    }
}
