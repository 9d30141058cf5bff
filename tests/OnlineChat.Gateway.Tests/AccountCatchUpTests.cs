using OnlineChat.Backplane;
using OnlineChat.Gateway;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// What a /login shows from the log. Positions: the account's last logout at 100, the guest has had every
/// line for its name since 200, presence moved the login to the account at 300.
/// </summary>
public class AccountCatchUpTests
{
    private static readonly LogId Seen = Id(100), HeardSince = Id(200), At = Id(300);

    private static LogId Id(long ms) => new(ms, 0);

    private static LoggedEvent Entry(long ms, ChatEventKind kind, string user, string[]? to = null, string? group = null, string? exceptLogin = null) =>
        new(Id(ms), new ChatEvent { Kind = kind, User = user, To = to, Group = group, Text = kind is ChatEventKind.Private or ChatEventKind.Group ? "hi" : null, ExceptLogin = exceptLogin });

    private static AccountCatchUp CatchUp(LogId? seen = null, LogId? heardSince = null, bool withLogIds = false, params string[] groups) =>
        new("teacher", "miss", "login-1", seen, At, heardSince, new HashSet<string>(groups, StringComparer.OrdinalIgnoreCase), withLogIds);

    [Fact]
    public void What_came_for_the_account_while_it_was_away_is_shown_as_missed_and_counted()
    {
        var catchUp = CatchUp(Seen, HeardSince, false, "Class");

        Assert.Equal(ChatText.Missed(Id(150).Time, "(PM) student: hi\n"), catchUp.Line(Entry(150, ChatEventKind.Private, "student", ["teacher"])));
        Assert.NotNull(catchUp.Line(Entry(160, ChatEventKind.Group, "student", ["someone"], "Class")));
        Assert.NotNull(catchUp.Line(Entry(170, ChatEventKind.GroupInvited, "owner", ["teacher"], "Maths")));
        Assert.Equal((2, 1), (catchUp.Missed, catchUp.Notices));
    }

    [Fact]
    public void A_change_of_one_of_its_groups_is_a_missed_notice_but_joins_departures_and_other_groups_changes_are_not()
    {
        var catchUp = CatchUp(Seen, HeardSince, false, "Class");

        Assert.Equal(ChatText.Missed(Id(150).Time, "teacher2 made group Class invite-only.\n"),
            catchUp.Line(Entry(150, ChatEventKind.GroupClosed, "teacher2", ["student"], "Class")));
        Assert.NotNull(catchUp.Line(Entry(151, ChatEventKind.GroupOpened, "teacher2", [], "Class")));
        Assert.NotNull(catchUp.Line(Entry(152, ChatEventKind.GroupOwnerChanged, "teacher", [], "Class"))); // she owns it now
        Assert.Null(catchUp.Line(Entry(153, ChatEventKind.GroupClosed, "owner", ["student"], "Art")));
        Assert.Null(catchUp.Line(Entry(154, ChatEventKind.GroupJoined, "student", ["other"], "Class")));
        Assert.Null(catchUp.Line(Entry(155, ChatEventKind.GroupLeft, "student", ["other"], "Class")));
        Assert.Equal((0, 3), (catchUp.Missed, catchUp.Notices));
    }

    [Fact]
    public void Not_missed_what_was_for_others_what_the_account_said_itself_or_a_group_it_was_not_in()
    {
        var catchUp = CatchUp(Seen, HeardSince, false, "Class");

        Assert.Null(catchUp.Line(Entry(150, ChatEventKind.Private, "student", ["other"])));
        Assert.Null(catchUp.Line(Entry(151, ChatEventKind.Group, "teacher", ["student"], "Class")));
        Assert.Null(catchUp.Line(Entry(152, ChatEventKind.Group, "student", ["other"], "Art")));
        Assert.Null(catchUp.Line(Entry(153, ChatEventKind.Broadcast, "student")));
        Assert.Equal((0, 0), (catchUp.Missed, catchUp.Notices));
    }

    [Fact]
    public void What_the_guest_heard_or_said_after_it_had_every_line_is_not_missed_what_came_before_is()
    {
        var catchUp = CatchUp(Seen, HeardSince, false, "Class");

        // Heard in a group the account was in already, and a note the guest left its own account.
        Assert.Null(catchUp.Line(Entry(250, ChatEventKind.Group, "student", ["miss"], "Class")));
        Assert.Null(catchUp.Line(Entry(251, ChatEventKind.Group, "miss", ["student"], "Class")));
        Assert.Null(catchUp.Line(Entry(252, ChatEventKind.Private, "miss", ["teacher"])));
        Assert.Null(catchUp.Line(Entry(253, ChatEventKind.GroupInvited, "miss", ["teacher"], "Club")));
        // Before the guest had every line (another login of the name, say), it is the account's to read.
        Assert.NotNull(catchUp.Line(Entry(150, ChatEventKind.Private, "miss", ["teacher"])));
        Assert.Equal((1, 0), (catchUp.Missed, catchUp.Notices));
    }

    [Fact]
    public void Without_knowing_what_the_guest_heard_all_the_accounts_messages_are_missed()
    {
        var catchUp = CatchUp(Seen, heardSince: null, false, "Class");

        Assert.NotNull(catchUp.Line(Entry(250, ChatEventKind.Group, "student", ["miss"], "Class")));
        Assert.NotNull(catchUp.Line(Entry(252, ChatEventKind.Private, "miss", ["teacher"])));
        Assert.Equal(2, catchUp.Missed);
    }

    [Fact]
    public void A_first_login_shows_nothing_as_missed_and_reads_from_the_login()
    {
        var catchUp = CatchUp(seen: null, HeardSince, false, "Class");

        Assert.Null(catchUp.Line(Entry(150, ChatEventKind.Private, "student", ["teacher"])));
        Assert.Equal(At, catchUp.From);
        Assert.Equal(Seen, CatchUp(Seen).From);
        Assert.Equal(At, CatchUp(Id(400)).From); // a last logout after this login's position: nothing before it to read
    }

    [Fact]
    public void After_the_login_what_came_for_the_account_is_live_but_not_what_the_guest_name_got_or_a_notice_about_this_login()
    {
        var catchUp = CatchUp(Seen, HeardSince, false, "Class");

        Assert.Equal("(PM) student: hi\n", catchUp.Line(Entry(350, ChatEventKind.Private, "student", ["teacher"])));
        Assert.Null(catchUp.Line(Entry(351, ChatEventKind.Broadcast, "student"))); // the guest name had it already
        Assert.Null(catchUp.Line(Entry(352, ChatEventKind.UserOnline, "teacher", exceptLogin: "login-1")));
        Assert.Equal((0, 0), (catchUp.Missed, catchUp.Notices));
        Assert.Equal($"@{Id(350)} (PM) student: hi\n", CatchUp(Seen, HeardSince, withLogIds: true).Line(Entry(350, ChatEventKind.Private, "student", ["teacher"])));
    }

    [Fact]
    public void A_client_that_resumes_gets_missed_lines_with_their_log_ids_so_it_can_file_them_in_their_conversations()
    {
        var catchUp = CatchUp(Seen, HeardSince, withLogIds: true, "Class");

        Assert.Equal($"@{Id(150)} " + ChatText.Missed(Id(150).Time, "(Class) student: hi\n"),
            catchUp.Line(Entry(150, ChatEventKind.Group, "student", ["someone"], "Class")));
    }
}
