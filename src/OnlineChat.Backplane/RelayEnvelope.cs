using System.Text;
using System.Text.Json;
using OnlineChat.Protocol;

namespace OnlineChat.Backplane;

/// <summary>
/// What a gateway hears on its channel: <c>{log id} {audience} {event as JSON}</c>, written by
/// Scripts/publish.lua. The audience is <c>*</c> (everyone on the gateway but the event's Except) or the
/// recipients' names joined by <c>,</c>; it is kept apart from the JSON so that no script edits JSON and no
/// renamed property can widen who gets a message. The log holds the same three parts.
/// </summary>
public static class RelayEnvelope
{
    public const string Everyone = "*";

    /// <summary>Reads a payload; false when it is not one (something else published on our channel).</summary>
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

        chatEvent = Read(Encoding.ASCII.GetString(rest[..second]), rest[(second + 1)..]);
        return chatEvent is not null;
    }

    /// <summary>The event with its audience as <see cref="ChatEvent.To"/>; null when the JSON is not an event.</summary>
    public static ChatEvent? Read(string audience, ReadOnlySpan<byte> json)
    {
        ChatEvent? chatEvent;
        try
        {
            chatEvent = JsonSerializer.Deserialize(json, ChatEventJsonContext.Default.ChatEvent);
        }
        catch (JsonException)
        {
            return null;
        }

        return chatEvent is null ? null : chatEvent with { To = Recipients(audience) };
    }

    /// <summary>Null for everyone, else the names (none for an empty audience).</summary>
    public static string[]? Recipients(string audience) =>
        audience == Everyone ? null : audience.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
