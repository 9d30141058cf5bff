using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class IncomingLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("bob: hello\n", ConversationKind.Room, "room", EntryKind.Message, "bob: hello")]
    [InlineData("[teacher] ann: good morning\n", ConversationKind.Room, "room", EntryKind.Moderator, "[teacher] ann: good morning")]
    [InlineData("(PM) bob: psst: a secret\n", ConversationKind.Private, "bob", EntryKind.Message, "bob: psst: a secret")]
    [InlineData("(PM) [teacher] ann: see me\n", ConversationKind.Private, "ann", EntryKind.Moderator, "[teacher] ann: see me")]
    [InlineData("(maths) bob: 2+2?\n", ConversationKind.Group, "maths", EntryKind.Message, "bob: 2+2?")]
    [InlineData("(maths) bob: * waves\n", ConversationKind.Group, "maths", EntryKind.Action, "* bob waves")]
    [InlineData("bob has joined group maths.\n", ConversationKind.Group, "maths", EntryKind.Event, "bob has joined group maths.")]
    [InlineData("bob was removed from group maths by ann.\n", ConversationKind.Group, "maths", EntryKind.Event, "bob was removed from group maths by ann.")]
    [InlineData("ann made group maths invite-only.\n", ConversationKind.Group, "maths", EntryKind.Event, "ann made group maths invite-only.")]
    [InlineData("ann opened group maths to everyone.\n", ConversationKind.Group, "maths", EntryKind.Event, "ann opened group maths to everyone.")]
    [InlineData("bob has gone offline.\n", ConversationKind.Room, "room", EntryKind.Event, "bob has gone offline.")]
    [InlineData("ann invited you to group maths. Join with /jg maths\n", ConversationKind.Room, "room", EntryKind.Event, "ann invited you to group maths. Join with /jg maths")]
    [InlineData("The chat relay is back: messages flow again.\n", ConversationKind.Room, "room", EntryKind.Event, "The chat relay is back: messages flow again.")]
    public void Places_each_seed_line_in_its_conversation(string line, ConversationKind kind, string name, EntryKind entryKind, string shown)
    {
        var placed = IncomingLine.Place(line, "me", Now);
        Assert.Equal(new ConversationKey(kind, name), placed.Conversation);
        Assert.Equal((entryKind, shown), (placed.Entry.Kind, placed.Entry.Text));
        Assert.False(placed.Entry.Missed);
    }

    [Fact]
    public void Someone_coming_online_is_an_event_of_the_room_that_names_them_for_tab_completion()
    {
        var placed = IncomingLine.Place("bob_2 is now online.\n", "me", Now);
        Assert.Equal((ConversationKey.Room, EntryKind.Event, "bob_2"), (placed.Conversation, placed.Entry.Kind, placed.Sender));

        var screen = new ClientScreen(_ => { }, TimeProvider.System);
        screen.ShowLogged("carla is now online.\n", missed: false);
        Assert.Contains("carla", screen.Names.Users);

        // Ignoring carla hides what she says, not that she came.
        screen.Enter("/ignore carla");
        screen.ShowLogged("carla is now online.\n", missed: false);
        Assert.Equal(2, screen.Conversations.Active.Lines.Count(l => l.Text == "carla is now online."));
    }

    [Fact]
    public void An_accounts_missed_message_keeps_the_servers_time_and_is_marked()
    {
        var placed = IncomingLine.Place("[missed 13:05:09] (PM) bob: are you there?\n", "me", Now);
        Assert.Equal(ConversationKey.With("bob"), placed.Conversation);
        Assert.True(placed.Entry.Missed);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 5, 9, TimeSpan.Zero), placed.Entry.Time);
        Assert.Equal("14:05 (missed) bob: are you there?", placed.Entry.Display(TimeZoneInfo.CreateCustomTimeZone("utc+1", TimeSpan.FromHours(1), "", ""), Now));
    }

    [Fact]
    public void A_history_line_belongs_to_its_page_and_ones_own_lines_read_as_own()
    {
        var pm = ConversationKey.With("bob");
        var own = IncomingLine.Place("[2026-11-29 09:30] (PM) me: see you", "me", Now, historyOf: pm);
        Assert.Equal((pm, EntryKind.Own, true), (own.Conversation, own.Entry.Kind, own.Entry.FromHistory));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero), own.Entry.Time);
        Assert.Equal("11-29 09:30 (history) me: see you", own.Entry.Display(TimeZoneInfo.Utc, Now));
    }
}
