using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>
/// A frame from the server as a client that resumes reads it (docs/protocol.md, "Resuming"): a line with its
/// log id ("@{id} {line}"), the login's resume details ("/session {name} {secret} {id}"), the end of a
/// catch-up ("/resumed {count}"), the acknowledgement of a numbered frame ("/ack {n}"), or any other line
/// (replies and notices, shown as they are).
/// </summary>
public abstract record ServerFrame
{
    public static ServerFrame Parse(string frame)
    {
        if (frame.StartsWith('@'))
        {
            var space = frame.IndexOf(' ');
            if (space > 1 && LogId.TryParse(frame.AsSpan(1, space - 1), out var id))
            {
                return new LoggedLine(id, frame[(space + 1)..]);
            }
        }
        else if (frame.StartsWith('/'))
        {
            var parts = frame.Split(' ');
            switch (parts)
            {
                case ["/session", var name, var secret, var position] when LogId.TryParse(position, out var at):
                    return new SessionDetails(name, secret, at);
                case ["/resumed", var count] when int.TryParse(count, out var n):
                    return new ResumedMarker(n);
                case ["/ack", var number] when long.TryParse(number, out var acked):
                    return new AckLine(acked);
            }
        }

        return new PlainLine(frame);
    }
}

public sealed record LoggedLine(LogId Id, string Text) : ServerFrame;

public sealed record SessionDetails(string Name, string Secret, LogId Position) : ServerFrame;

public sealed record ResumedMarker(int Count) : ServerFrame;

public sealed record PlainLine(string Text) : ServerFrame;

/// <summary>The server is done with the client's numbered frame <see cref="Number"/> (see NumberedFrame).</summary>
public sealed record AckLine(long Number) : ServerFrame;
