using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class ChatTextTests
{
    [Theory]
    [InlineData(1, 0, "You missed 1 message while you were away (shown above).\n")]
    [InlineData(3, 0, "You missed 3 messages while you were away (shown above).\n")]
    [InlineData(0, 1, "You missed 1 notice while you were away (shown above).\n")]
    [InlineData(2, 1, "You missed 2 messages and 1 notice while you were away (shown above).\n")]
    public void The_missed_summary_counts_messages_and_notices_apart(int messages, int notices, string summary) =>
        Assert.Equal(summary, ChatText.MissedSummary(messages, notices));

    public static TheoryData<ChatEvent, string> Events => new()
    {
        { new() { Kind = ChatEventKind.Broadcast, User = "flowers", Text = "hello :)" }, "flowers: hello :)\n" },
        { new() { Kind = ChatEventKind.Private, User = "bones", Text = "nm wby" }, "(PM) bones: nm wby\n" },
        { new() { Kind = ChatEventKind.Group, User = "bones", Group = "Awesome", Text = "thanks" }, "(Awesome) bones: thanks\n" },
        { new() { Kind = ChatEventKind.UserOnline, User = "bones" }, "bones is now online.\n" },
        { new() { Kind = ChatEventKind.UserOffline, User = "flowers" }, "flowers has gone offline.\n" },
        { new() { Kind = ChatEventKind.GroupJoined, User = "bones", Group = "Awesome" }, "bones has joined group Awesome.\n" },
        { new() { Kind = ChatEventKind.GroupLeft, User = "bones", Group = "Awesome" }, "bones has just left group Awesome.\n" },
        { new() { Kind = ChatEventKind.GroupOwnerChanged, User = "bones", Group = "Awesome" }, "bones is now the owner of group Awesome.\n" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Renders_events_in_the_seed_wording(ChatEvent chatEvent, string expected) =>
        Assert.Equal(expected, ChatText.Render(chatEvent));

    [Fact]
    public void A_refusal_that_is_a_line_reads_as_it_is_and_a_bare_reason_as_an_error()
    {
        Assert.Equal(ChatText.NotModerator, ChatText.Refusal(ChatText.NotModerator));
        Assert.Equal("Error: The request was refused.\n", ChatText.Refusal("The request was refused."));
    }

    [Fact]
    public void Help_lists_every_command()
    {
        foreach (var command in new[] { "/help", "/pm", "/gc", "/cg", "/jg", "/lg", "/listg", "/listallg", "/lo", "/quit" })
        {
            Assert.Contains(command + " ", ChatText.HelpText);
        }
    }

    [Fact]
    public void Mutes_lists_users_by_name_whatever_their_case_with_the_date_only_when_not_today()
    {
        var today = DateTimeOffset.UtcNow.Date;
        var tomorrow = today.AddDays(1);
        Assert.Equal($"Muted: ann until 00:00 UTC, Ben until {tomorrow:yyyy-MM-dd} 09:30 UTC.\n",
            ChatText.Mutes([("Ben", new DateTimeOffset(tomorrow.AddMinutes(570), TimeSpan.Zero)), ("ann", new DateTimeOffset(today, TimeSpan.Zero))]));
        Assert.Equal(ChatText.NobodyMuted, ChatText.Mutes([]));
    }

    [Fact]
    public void All_groups_lists_owner_member_count_and_whether_invite_only() =>
        Assert.Equal("Groups:\n  Awesome (owner flowers, 2 members)\n  Solo (owner bones, 1 member, invite-only)\n",
            ChatText.AllGroups([("Awesome", "flowers", 2, false), ("Solo", "bones", 1, true)]));

    [Fact]
    public void A_history_answer_keeps_the_newest_lines_that_fit_and_says_the_older_ones_did_not()
    {
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddHours(9), TimeSpan.Zero);
        (DateTimeOffset, string)[] messages = [(today, "ann: one\n"), (today, "bob: two\n"), (today, "ann: three\n")];
        const string all = "[09:00:00] ann: one\n[09:00:00] bob: two\n[09:00:00] ann: three\n";

        Assert.Equal("History of the room (last 3, times UTC):\n" + all, ChatText.History("the room", messages));
        Assert.Equal("History of the room (last 3, times UTC):\n" + all, ChatText.History("the room", messages, all.Length));
        Assert.Equal("History of the room (last 2, times UTC; the older ones asked for do not fit in one answer):\n[09:00:00] bob: two\n[09:00:00] ann: three\n",
            ChatText.History("the room", messages, all.Length - 1));
        // The newest is shown even when it alone is past the bound.
        Assert.Equal("History of the room (last 1, times UTC; the older ones asked for do not fit in one answer):\n[09:00:00] ann: three\n",
            ChatText.History("the room", messages, 1));
        Assert.Equal("No messages in the room yet.\n", ChatText.History("the room", [], 1));
    }

    [Fact]
    public void A_listing_keeps_the_names_containing_the_text_in_any_case_and_at_most_so_many_in_order()
    {
        string[] names = ["Ann", "bob", "hannah", "Joanna", "zed"];
        Assert.Equal(new Listing<string>(names, 5, null), Listing<string>.Of(names, n => n, null, 10), ListingComparer);
        Assert.Equal(new Listing<string>(["Ann", "hannah"], 3, "AN"), Listing<string>.Of(names, n => n, "AN", 2), ListingComparer);
        Assert.Equal(new Listing<string>([], 0, "x"), Listing<string>.Of(names, n => n, "x", 2), ListingComparer);
    }

    [Fact]
    public void A_long_or_narrowed_listing_says_so_in_its_heading_before_the_colon()
    {
        Assert.Equal("Online: ann, bob\n", ChatText.Online(new Listing<string>(["ann", "bob"], 2, null)));
        Assert.Equal("Online (the first 2 of 1,234; narrow it with /lo <text>): ann, bob\n",
            ChatText.Online(new Listing<string>(["ann", "bob"], 1234, null)));
        Assert.Equal("Online with \"an\" in their name: ann, hannah\n", ChatText.Online(new Listing<string>(["ann", "hannah"], 2, "an")));
        Assert.Equal("Nobody online has \"zz\" in their name.\n", ChatText.Online(new Listing<string>([], 0, "zz")));
        Assert.Equal("Online: \n", ChatText.Online(new Listing<string>([], 0, null))); // as before, should the directory have lost everyone

        Assert.Equal("Groups with \"math\" in their name (the first 1 of 2; narrow it with /listallg <text>):\n  maths (owner ann, 3 members)\n",
            ChatText.AllGroups(new Listing<(string, string, long, bool)>([("maths", "ann", 3, false)], 2, "math")));
        Assert.Equal("No groups with \"zz\" in their name.\n", ChatText.AllGroups(new Listing<(string, string, long, bool)>([], 0, "zz")));
        Assert.Equal(ChatText.NoGroups, ChatText.AllGroups([]));
    }

    private static readonly EqualityComparer<Listing<string>> ListingComparer = EqualityComparer<Listing<string>>.Create(
        (a, b) => a!.Total == b!.Total && a.Containing == b.Containing && a.Shown.SequenceEqual(b.Shown), l => l.Total);

    [Fact]
    public void Members_lists_the_owner_first_then_the_others_in_the_order_they_joined() =>
        Assert.Equal("Members of Class: teacher (owner), ann, ben\n", ChatText.Members("Class", "teacher", ["ann", "teacher", "ben"]));

    [Fact]
    public void An_event_without_recipients_goes_to_everyone_but_the_excluded_user()
    {
        var broadcast = new ChatEvent { Kind = ChatEventKind.Broadcast, User = "a", Text = "x", Except = "a" };
        Assert.True(broadcast.IsFor("b"));
        Assert.False(broadcast.IsFor("a"));

        var pm = new ChatEvent { Kind = ChatEventKind.Private, User = "a", Text = "x", To = ["c"] };
        Assert.True(pm.IsFor("c"));
        Assert.False(pm.IsFor("b"));
    }

    [Fact]
    public void A_notice_about_a_login_leaves_out_that_login_whatever_name_its_session_has_by_then()
    {
        // "guest has gone offline." after guest's /login to teacher: the session may already be called teacher.
        var offline = new ChatEvent { Kind = ChatEventKind.UserOffline, User = "guest", ExceptLogin = "gw-1/c7" };
        Assert.False(offline.IsFor("guest", "gw-1/c7"));
        Assert.False(offline.IsFor("teacher", "gw-1/c7"));
        Assert.True(offline.IsFor("student", "gw-2/c9"));
        Assert.True(offline.IsFor("student", null));
        Assert.True(offline.IsFor("guest")); // replayed by name only (a resume's catch-up): no login to compare
    }

    [Fact]
    public void A_notice_to_named_members_about_a_login_leaves_out_that_login_too()
    {
        // "miss has just left group Class." when miss logs in to teacher, a member already: teacher is still there.
        var left = new ChatEvent { Kind = ChatEventKind.GroupLeft, User = "miss", Group = "Class", To = ["teacher", "student"], ExceptLogin = "gw-1/c7" };
        Assert.False(left.IsFor("teacher", "gw-1/c7"));
        Assert.False(left.IsForLogin("gw-1/c7"));
        Assert.True(left.IsFor("teacher", "gw-2/c3")); // the account's other login, if it had one
        Assert.True(left.IsFor("student", "gw-2/c9"));
        Assert.True(left.IsForLogin(null));
    }

    [Fact]
    public void A_login_the_server_ended_on_purpose_is_told_apart_from_one_to_reconnect()
    {
        Assert.True(ChatText.EndsTheLogin(ChatText.LoggedOut("teacher")));
        Assert.True(ChatText.EndsTheLogin(ChatText.LoggedInElsewhere));
        Assert.True(ChatText.EndsTheLogin(ChatText.ResumedElsewhere));

        // A gateway going away, or the directory losing the login, asks the client to reconnect.
        Assert.False(ChatText.EndsTheLogin(ChatText.ShuttingDown));
        Assert.False(ChatText.EndsTheLogin(ChatText.Draining));
        Assert.False(ChatText.EndsTheLogin(ChatText.SessionEnded));
        Assert.False(ChatText.EndsTheLogin(ChatText.NameLost("teacher")));
        Assert.False(ChatText.EndsTheLogin("bob: You have logged out of teacher. Goodbye.\n"));
    }
}

public class ChatTextQuantityTests
{
    [Theory]
    [InlineData(1, "No username received within 1 second.")]
    [InlineData(10, "No username received within 10 seconds.")]
    [InlineData(0.5, "No username received within 0.5 seconds.")]
    public void The_handshake_timeout_reads_as_english(double seconds, string expected) =>
        Assert.Equal(expected, ChatText.HandshakeTimedOut(TimeSpan.FromSeconds(seconds)));
}
