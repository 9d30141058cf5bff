using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

public class MuteTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_mute_ends_by_itself_and_names_ignore_case()
    {
        var table = new MuteTable();
        table.Set("Ann", Now.AddMinutes(5));

        Assert.Equal(Now.AddMinutes(5), table.MutedUntil("ann", Now));
        Assert.Null(table.MutedUntil("ann", Now.AddMinutes(5)));
        table.Set("ANN", null);
        Assert.Null(table.MutedUntil("ann", Now));
    }

    [Fact]
    public void A_reload_takes_the_directorys_list_and_reports_only_what_changed_now()
    {
        var table = new MuteTable();
        table.Set("ann", Now.AddMinutes(5));   // lifted while this gateway was not listening
        table.Set("ben", Now.AddMinutes(5));   // still muted, same as the directory says
        table.Set("old", Now.AddMinutes(-1));  // ran out already: its removal changes nothing

        table.BeginReload();
        var changes = table.CompleteReload([("BEN", Now.AddMinutes(5)), ("cat", Now.AddMinutes(10)), ("gone", Now.AddMinutes(-2))], Now);

        Assert.Equal([("ann", (DateTimeOffset?)null), ("cat", Now.AddMinutes(10))], changes.OrderBy(c => c.User));
        Assert.Null(table.MutedUntil("ann", Now));
        Assert.Equal(Now.AddMinutes(5), table.MutedUntil("ben", Now));
        Assert.Equal(Now.AddMinutes(10), table.MutedUntil("cat", Now));
    }

    [Fact]
    public void Events_heard_while_the_list_was_on_its_way_win_over_it()
    {
        var table = new MuteTable();
        table.BeginReload();
        // The list was read before these: ann's unmute and dan's mute are newer than what it says.
        table.Set("ann", null);
        table.Set("dan", Now.AddMinutes(3));
        table.CompleteReload([("ann", Now.AddMinutes(5))], Now);

        Assert.Null(table.MutedUntil("ann", Now));
        Assert.Equal(Now.AddMinutes(3), table.MutedUntil("dan", Now));
    }

    [Fact]
    public void Once_a_reload_is_abandoned_events_are_not_kept_for_the_next()
    {
        var table = new MuteTable();
        table.BeginReload();
        table.Set("ann", Now.AddMinutes(5));
        table.AbandonReload();

        table.BeginReload();
        table.CompleteReload([], Now);
        Assert.Null(table.MutedUntil("ann", Now));
    }
}
