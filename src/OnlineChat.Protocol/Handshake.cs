namespace OnlineChat.Protocol;

/// <summary>
/// The client's first frame. The seed's client sends its username; a client that opts in to resuming
/// (docs/protocol.md, "Resuming") sends <c>/session new &lt;name&gt;</c> instead, and after a dropped connection
/// <c>/session resume &lt;name&gt; &lt;secret&gt; &lt;last log id&gt;</c>. No username starts with '/', so the
/// two never collide.
/// </summary>
public abstract record Handshake
{
    public const string Command = "/session";

    public static Handshake Parse(string frame)
    {
        var text = frame.Trim();
        if (text != Command && !text.StartsWith(Command + " ", StringComparison.Ordinal))
        {
            return new NewLogin(text, Resumable: false);
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [_, "new", var name] => new NewLogin(name, Resumable: true),
            [_, "resume", var name, var secret, var last] when LogId.TryParse(last, out var id) => new ResumeLogin(name, secret, id),
            _ => new BadHandshake("Usage: /session new <name> or /session resume <name> <secret> <last log id>."),
        };
    }
}

/// <summary>A new login asking for <see cref="Name"/>; <see cref="Resumable"/> when the client opted in to resuming.</summary>
public sealed record NewLogin(string Name, bool Resumable) : Handshake;

/// <summary>Resume the login of <see cref="Name"/>; the client has every line up to <see cref="LastSeen"/>.</summary>
public sealed record ResumeLogin(string Name, string Secret, LogId LastSeen) : Handshake;

public sealed record BadHandshake(string Reason) : Handshake;
