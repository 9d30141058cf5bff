using System.Text;
using Microsoft.Extensions.Options;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>A message or notice as the log keeps it: its id, and the event with its audience as <see cref="ChatEvent.To"/>.</summary>
public readonly record struct LoggedEvent(LogId Id, ChatEvent Event);

/// <summary>Which conversation /history read.</summary>
public enum ConversationKind
{
    Room,
    Group,
    User,

    /// <summary>No group of the asker's and no user (online or an account) of that name.</summary>
    NotFound,

    /// <summary>This deployment keeps no conversation history (History:MessagesPerConversation=0).</summary>
    NotKept,
}

/// <summary>A conversation's last messages, oldest first; <see cref="Name"/> as the directory spells it.</summary>
public sealed record HistoryPage(ConversationKind Kind, string Name, IReadOnlyList<LoggedEvent> Messages);

/// <summary>
/// Reads what Scripts/publish.lua wrote: the message log (every message and notice in the order accepted,
/// with its audience), which gateways and resuming clients catch up from, and the conversations' histories.
/// </summary>
public sealed class MessageLog(IConnectionMultiplexer redis, ChatKeys keys, IOptions<HistoryOptions>? history = null)
{
    /// <summary>The most /history shows at once.</summary>
    public const int MaxHistoryPage = 200;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The id of the last entry written, or <see cref="LogId.Zero"/> when the log is empty.</summary>
    public async Task<LogId> LastIdAsync()
    {
        var last = await Db.StreamRangeAsync(keys.Log, "-", "+", count: 1, messageOrder: Order.Descending);
        return last.Length == 0 ? LogId.Zero : LogId.Parse(last[0].Id!);
    }

    /// <summary>The id of the oldest entry kept, or null when the log is empty.</summary>
    public async Task<LogId?> FirstIdAsync()
    {
        var first = await Db.StreamRangeAsync(keys.Log, "-", "+", count: 1);
        return first.Length == 0 ? null : LogId.Parse(first[0].Id!);
    }

    /// <summary>Up to <paramref name="count"/> entries after <paramref name="after"/> (exclusive) and up to <paramref name="upTo"/> (inclusive; null: the end), in order.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(LogId after, LogId? upTo, int count)
    {
        var entries = await Db.StreamRangeAsync(keys.Log, "(" + after, upTo?.ToString() ?? "+", count);
        var events = new List<LoggedEvent>(entries.Length);
        foreach (var entry in entries)
        {
            var audience = (string?)entry["a"];
            var json = (byte[]?)entry["e"];
            if (audience is not null && json is not null && RelayEnvelope.Read(audience, json, (string?)entry["g"]) is { } chatEvent)
            {
                events.Add(new LoggedEvent(LogId.Parse(entry.Id!), chatEvent));
            }
        }

        return events;
    }

    /// <summary>
    /// The last <paramref name="count"/> messages of the room (<paramref name="target"/> null), of the group
    /// <paramref name="target"/> if <paramref name="asker"/> is in it (any, for a moderator), or else of the
    /// asker's PMs with the user <paramref name="target"/>; <paramref name="scope"/> keeps it to one of the two.
    /// </summary>
    public async Task<HistoryPage> ConversationAsync(string? target, string asker, int count, bool moderator = false, HistoryScope scope = HistoryScope.Either)
    {
        if (history?.Value.KeepsConversations == false)
        {
            return new HistoryPage(ConversationKind.NotKept, target ?? "", []);
        }

        var result = (RedisResult[])(await DirectoryScripts.History.EvaluateAsync(Db, [],
            [
                keys.Prefix, target ?? "", asker, Math.Clamp(count, 1, MaxHistoryPage), moderator ? "1" : "0",
                (history?.Value ?? new HistoryOptions()).OldestKept(DateTimeOffset.UtcNow).ToString(),
                scope switch { HistoryScope.Group => "group", HistoryScope.User => "user", _ => "" },
            ]))!;
        var kind = (string?)result[0] switch
        {
            "room" => ConversationKind.Room,
            "group" => ConversationKind.Group,
            "user" => ConversationKind.User,
            _ => ConversationKind.NotFound,
        };
        if (kind == ConversationKind.NotFound)
        {
            return new HistoryPage(kind, target ?? "", []);
        }

        var name = (string)result[1]!;
        var messages = new List<LoggedEvent>();
        for (var i = 2; i + 1 < result.Length; i += 2)
        {
            // A group's page names the group as created: its members may have typed it in any case.
            if (RelayEnvelope.Read(RelayEnvelope.Everyone, (byte[])result[i + 1]!, kind == ConversationKind.Group ? name : null) is { } chatEvent)
            {
                messages.Add(new LoggedEvent(LogId.Parse((string)result[i]!), chatEvent));
            }
        }

        return new HistoryPage(kind, name, messages);
    }
}
