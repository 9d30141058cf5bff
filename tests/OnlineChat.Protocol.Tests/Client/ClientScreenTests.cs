using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class ClientScreenTests
{
    private readonly List<string> _sent = [];
    private readonly ClientScreen _screen;

    public ClientScreenTests()
    {
        _screen = new ClientScreen(_sent.Add, TimeProvider.System);
        _screen.LoggedIn("ann", "localhost:8888");
    }

    private IEnumerable<string> Shown(ConversationKey key) => _screen.Conversations.Find(key)!.Lines.Select(l => l.Text);

    [Fact]
    public void Asks_for_the_rooms_history_once_at_the_first_login_and_shows_it_there()
    {
        _screen.LoggedIn("ann", "localhost:8889"); // a reconnect
        Assert.Equal(["/history"], _sent);

        _screen.ShowReply("History of the room (last 2, times UTC):\n[13:00:00] bob: hi\n[13:00:01] ann: hi bob\n");
        Assert.Equal(["History of the room (last 2, times UTC):", "bob: hi", "ann: hi bob"], Shown(ConversationKey.Room));
        Assert.Equal(EntryKind.Own, _screen.Conversations.Active.Lines[^1].Kind);
        Assert.Contains("bob", _screen.Names.Users);
    }

    [Fact]
    public void What_is_typed_goes_to_the_conversation_shown_and_is_shown_there_as_sent()
    {
        _sent.Clear();
        _screen.Enter("hello all");
        _screen.Enter("/msg bob hi");
        _screen.ShowLogged("(maths) bob: welcome\n", missed: false);
        _screen.Conversations.Show(ConversationKey.Group("maths"));
        _screen.Enter("thanks");
        _screen.Enter("/me waves");
        _screen.Conversations.Show(ConversationKey.With("bob"));
        _screen.Enter("see you");

        Assert.Equal(["hello all", "/pm bob hi", "/gc maths thanks", "/gc maths * waves", "/pm bob see you"], _sent);
        Assert.Equal(["ann: hi", "ann: see you"], Shown(ConversationKey.With("bob")));
        Assert.Equal(["bob: welcome", "ann: thanks", "* ann waves"], Shown(ConversationKey.Group("maths")));
    }

    [Fact]
    public void Lines_for_a_conversation_not_shown_count_as_unread_until_it_is_shown()
    {
        _screen.ShowLogged("(PM) bob: one\n", missed: false);
        _screen.ShowLogged("(PM) bob: two\n", missed: false);
        _screen.ShowLogged("bob has joined group maths.\n", missed: false); // an event: not counted

        var bob = _screen.Conversations.Find(ConversationKey.With("bob"))!;
        Assert.Equal(("@bob 2", 0), (bob.Label, _screen.Conversations.Find(ConversationKey.Group("maths"))!.Unread));
        _screen.Conversations.Move(1);
        Assert.Equal("@bob", bob.Label);
    }

    [Fact]
    public void The_unread_summary_names_the_conversations_with_unread_lines_other_than_the_one_shown()
    {
        Assert.Equal("", _screen.UnreadSummary);
        _screen.ShowLogged("(PM) bob: one\n", missed: false);
        _screen.ShowLogged("(maths) carl: hi\n", missed: false);
        _screen.ShowLogged("(maths) carl: there\n", missed: false);
        Assert.Equal("unread @bob 1, (maths) 2", _screen.UnreadSummary);

        _screen.Conversations.Show(ConversationKey.Group("maths"));
        Assert.Equal("unread @bob 1", _screen.UnreadSummary);
    }

    [Fact]
    public void Query_opens_a_pm_conversation_with_its_history_and_close_and_clear_act_on_the_one_shown()
    {
        _sent.Clear();
        _screen.Enter("/query bob");
        Assert.Equal((ConversationKey.With("bob"), "/history @bob"), (_screen.Conversations.Active.Key, _sent.Single()));
        _screen.ShowReply("No messages in your PMs with bob yet.\n");
        Assert.Equal(["No messages in your PMs with bob yet."], Shown(ConversationKey.With("bob")));

        _screen.Enter("/clear");
        Assert.Empty(_screen.Conversations.Active.Lines);
        _screen.Enter("/close");
        Assert.Equal(ConversationKey.Room, _screen.Conversations.Active.Key);
        Assert.Null(_screen.Conversations.Find(ConversationKey.With("bob")));
        _screen.Enter("/close");
        Assert.Contains("The room stays open. Leave with /quit.", Shown(ConversationKey.Room));
    }

    [Fact]
    public void Joining_or_creating_a_group_opens_it_and_names_lists_its_members()
    {
        _sent.Clear();
        _screen.ShowLogged("ann has joined group maths.\n", missed: false);
        Assert.Equal((ConversationKey.Group("maths"), "/history #maths"), (_screen.Conversations.Active.Key, _sent.Single()));
        _screen.Enter("/names");
        _screen.ShowReply("Group art created.\n");
        Assert.Equal(ConversationKey.Group("art"), _screen.Conversations.Active.Key);
        Assert.Contains("art", _screen.Names.Groups);
        Assert.Equal(["/history #maths", "/members maths"], _sent);

        // A group command typed there without its group is for it (ImpliedTarget).
        _screen.Conversations.Show(ConversationKey.Group("maths"));
        _screen.Enter("/lg");
        Assert.Equal("/lg maths", _sent[^1]);
    }

    [Fact]
    public void Lines_caught_up_after_a_reconnect_are_marked_missed_and_counted()
    {
        _screen.ConnectionLost();
        Assert.Contains("reconnecting", _screen.Status);
        _screen.LoggedIn("ann", "localhost:8889");
        _screen.ShowLogged("(PM) bob: while you were away\n", missed: true);
        _screen.Resumed(1);

        var missed = _screen.Conversations.Find(ConversationKey.With("bob"))!.Lines.Single();
        Assert.True(missed.Missed);
        Assert.Contains("1 message from while you were reconnecting is marked (missed).", Shown(ConversationKey.Room));
        Assert.Equal("ann · localhost:8889 · connected", _screen.Status);
    }

    [Theory]
    [InlineData("/msg bob", "Usage: /msg <username> <message>")]
    [InlineData("/query", "Usage: /query <username>")]
    [InlineData("/me", "Usage: /me <action>")]
    [InlineData("/unignore", "Usage: /unignore <username>")]
    public void A_client_command_without_its_arguments_shows_its_usage_and_sends_nothing(string typed, string usage)
    {
        _sent.Clear();
        _screen.Enter(typed);
        Assert.Empty(_sent);
        Assert.Equal(usage, _screen.Conversations.Active.Lines[^1].Text);
    }

    [Fact]
    public void Server_commands_pass_through_and_their_replies_show_where_they_were_typed()
    {
        _screen.ShowLogged("(maths) bob: hi\n", missed: false);
        _screen.Conversations.Show(ConversationKey.Group("maths"));
        _sent.Clear();
        _screen.Enter("/lo");
        _screen.ShowReply("Online: ann, bob, carol\n");
        _screen.ShowReply("Error: You are sending too fast.\n");

        Assert.Equal(["/lo"], _sent);
        Assert.Equal(["bob: hi", "Online: ann, bob, carol", "Error: You are sending too fast."], Shown(ConversationKey.Group("maths")));
        Assert.Equal(EntryKind.Error, _screen.Conversations.Active.Lines[^1].Kind);
        Assert.Contains("carol", _screen.Names.Users);
    }

    [Fact]
    public void A_history_answer_cut_to_what_fits_goes_to_its_conversation_too()
    {
        _screen.ShowReply("History of group maths (last 1, times UTC; the older ones asked for do not fit in one answer):\n[13:00:00] bob: a long one\n");

        Assert.Equal(["History of group maths (last 1, times UTC; the older ones asked for do not fit in one answer):", "bob: a long one"],
            Shown(ConversationKey.Group("maths")));
    }

    [Fact]
    public void Names_from_a_narrowed_or_cut_listing_are_learned_too()
    {
        _screen.ShowReply("Online with \"an\" in their name (the first 2 of 3; narrow it with /lo <text>): hannah, joanna\n");
        _screen.ShowReply("Groups (the first 1 of 9; narrow it with /listallg <text>):\n  physics (owner hugo, 3 members)\n");

        Assert.Contains("hannah", _screen.Names.Users);
        Assert.Contains("joanna", _screen.Names.Users);
        Assert.Contains("hugo", _screen.Names.Users);
        Assert.Contains("physics", _screen.Names.Groups);
    }

    [Fact]
    public void Ignore_hides_a_users_messages_everywhere_but_not_events_nor_a_moderators_until_unignore()
    {
        _screen.ShowLogged("(maths) bob: before\n", missed: false);
        _screen.Enter("/ignore BOB");
        _screen.Enter("/ignore teacher");
        _screen.Enter("/ignore ann");
        Assert.Equal("You cannot ignore yourself.", _screen.Conversations.Active.Lines[^1].Text);
        _screen.Enter("/ignore");
        Assert.Equal("Ignoring: BOB, teacher.", _screen.Conversations.Active.Lines[^1].Text);

        _screen.ShowLogged("bob: spam\n", missed: false);
        _screen.ShowLogged("bob: * dances\n", missed: false);
        _screen.ShowLogged("(PM) bob: psst\n", missed: false);
        _screen.ShowLogged("(maths) bob: more spam\n", missed: false);
        _screen.ShowLogged("bob has just left group maths.\n", missed: false);
        _screen.ShowLogged("[teacher] teacher: listen please\n", missed: false);
        _screen.ShowReply("History of group maths (last 2, times UTC):\n[13:00:00] (maths) bob: old spam\n[13:00:01] (maths) carl: hi\n");

        Assert.DoesNotContain(Shown(ConversationKey.Room), line => line.Contains("bob: spam") || line.Contains("dances"));
        Assert.Contains("[teacher] teacher: listen please", Shown(ConversationKey.Room));
        Assert.Null(_screen.Conversations.Find(ConversationKey.With("bob")));
        Assert.Equal(["bob: before", "bob has just left group maths.", "History of group maths (last 2, times UTC):", "carl: hi"],
            Shown(ConversationKey.Group("maths")));

        _screen.Enter("/unignore bob");
        Assert.Equal("bob's messages show again.", _screen.Conversations.Active.Lines[^1].Text);
        _screen.Enter("/unignore bob");
        Assert.Equal("You are not ignoring bob.", _screen.Conversations.Active.Lines[^1].Text);
        _screen.ShowLogged("bob: back\n", missed: false);
        Assert.Contains("bob: back", Shown(ConversationKey.Room));
    }
}
