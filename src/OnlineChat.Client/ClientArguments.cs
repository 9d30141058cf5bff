namespace OnlineChat.Client;

/// <summary>Command line: &lt;username&gt; [--host H] [--port P]. Parsing is pure so it can be tested.</summary>
public sealed record ClientArguments(string Username, string Host, int Port)
{
    public const string UsageText = "Usage: onlinechat <username> [--host <host>] [--port <port>]   (defaults: localhost, 8888)";

    public static ClientArguments? TryParse(string[] args, out string? error)
    {
        string? username = null;
        var host = "localhost";
        var port = 8888;
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
        return username is null ? null : new ClientArguments(username, host, port);
    }
}
