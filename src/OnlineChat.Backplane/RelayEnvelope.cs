using System.Text;
using System.Text.Json;
using OnlineChat.Protocol;

namespace OnlineChat.Backplane;

/// <summary>
/// What a gateway hears on its channel: lines of <c>{log id} {audience} {event as JSON}</c>, joined by
/// <c>\n</c> (one publish carries a gateway's share of a batch, in log order), written by
/// Scripts/publish.lua. The audience is <c>*</c> (everyone on the gateway but the event's Except) or the
/// recipients' names joined by <c>,</c>; it is kept apart from the JSON so that no script edits JSON and no
/// renamed property can widen who gets a message. A group message's line has <c>#{group}</c> before the
/// JSON: the group as created, which the script found, where the JSON has it as its sender typed it. The
/// log holds the same parts.
/// </summary>
public static class RelayEnvelope
{
    public const string Everyone = "*";

    /// <summary>
    /// The lines of a payload, each with its id and event; the event is null for a line that is not one of
    /// ours (something else published on our channel), so one bad line costs that line only.
    /// </summary>
    public static List<(LogId Id, ChatEvent? Event)> Lines(ReadOnlySpan<byte> payload)
    {
        var lines = new List<(LogId, ChatEvent?)>(1);
        while (true)
        {
            var end = payload.IndexOf((byte)'\n');
            var line = end < 0 ? payload : payload[..end];
            lines.Add(TryParse(line, out var id, out var chatEvent) ? (id, chatEvent) : (LogId.Zero, null));
            if (end < 0)
            {
                return lines;
            }

            payload = payload[(end + 1)..];
        }
    }

    /// <summary>Reads one line; false when it is not one (something else published on our channel).</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out LogId id, out ChatEvent? chatEvent)
    {
        id = LogId.Zero;
        chatEvent = null;
        var first = payload.IndexOf((byte)' ');
        if (first <= 0 || !LogId.TryParse(Encoding.ASCII.GetString(payload[..first]), out id))
        {
            return false;
        }

        var rest = payload[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second < 0)
        {
            return false;
        }

        var audience = Encoding.ASCII.GetString(rest[..second]);
        var json = rest[(second + 1)..];
        string? group = null;
        if (json.Length > 0 && json[0] == (byte)'#')
        {
            var end = json.IndexOf((byte)' ');
            if (end < 0)
            {
                return false;
            }

            group = Encoding.UTF8.GetString(json[1..end]);
            json = json[(end + 1)..];
        }

        chatEvent = Read(audience, json, group);
        return chatEvent is not null;
    }

    /// <summary>
    /// The event with its audience as <see cref="ChatEvent.To"/> and, for a group message, the group as
    /// created (null: as in the JSON); null when the JSON is not an event.
    /// </summary>
    public static ChatEvent? Read(string audience, ReadOnlySpan<byte> json, string? group = null)
    {
        ChatEvent? chatEvent;
        try
        {
            chatEvent = JsonSerializer.Deserialize(json, ChatEventJsonContext.Default.ChatEvent);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidCastException or NotSupportedException)
        {
            return null; // Whatever the bytes, a bad line costs that line: the channel's pump must not stop.
        }

        return chatEvent is null ? null : chatEvent with { To = Recipients(audience), Group = group ?? chatEvent.Group };
    }

    /// <summary>Null for everyone, else the names (none for an empty audience).</summary>
    public static string[]? Recipients(string audience) =>
        audience == Everyone ? null : audience.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
