using OnlineChat.Client;
using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class ColourTests
{
    [Fact]
    public void Yours_pms_groups_the_room_the_moderator_events_replies_errors_and_the_clients_notes_each_have_their_own_colour()
    {
        (EntryKind, ConversationKind, bool)[] rows =
        [
            (EntryKind.Own, ConversationKind.Room, false),
            (EntryKind.Message, ConversationKind.Private, false),
            (EntryKind.Message, ConversationKind.Group, false),
            (EntryKind.Message, ConversationKind.Room, false),
            (EntryKind.Moderator, ConversationKind.Room, false),
            (EntryKind.Action, ConversationKind.Room, false),
            (EntryKind.Event, ConversationKind.Room, false),
            (EntryKind.Reply, ConversationKind.Room, false),
            (EntryKind.Error, ConversationKind.Room, false),
            (EntryKind.Client, ConversationKind.Room, false),
            (EntryKind.Message, ConversationKind.Room, true), // missed while reconnecting
        ];

        Assert.Equal(rows.Length, rows.Select(FullScreenUi.Colour).Distinct().Count());
    }

    [Fact]
    public void A_moderators_pm_is_told_apart_from_other_pms() =>
        Assert.NotEqual(
            FullScreenUi.Colour((EntryKind.Moderator, ConversationKind.Private, false)),
            FullScreenUi.Colour((EntryKind.Message, ConversationKind.Private, false)));
}
