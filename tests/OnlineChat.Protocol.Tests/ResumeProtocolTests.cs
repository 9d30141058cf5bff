using OnlineChat.Client;

namespace OnlineChat.Protocol.Tests;

/// <summary>The pieces of the resume extension (docs/protocol.md, "Resuming") that are plain text in and out.</summary>
public class ResumeProtocolTests
{
    [Theory]
    [InlineData("1700000000000-0", 1700000000000, 0)]
    [InlineData("5-12", 5, 12)]
    public void A_log_id_reads_and_writes_as_redis_writes_it(string text, long ms, long seq)
    {
        Assert.True(LogId.TryParse(text, out var id));
        Assert.Equal(new LogId(ms, seq), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("-1-2")]
    [InlineData("1-")]
    [InlineData("a-1")]
    [InlineData("1-2-3")]
    public void Anything_else_is_not_a_log_id(string text) => Assert.False(LogId.TryParse(text, out _));

    [Fact]
    public void Log_ids_order_by_time_then_sequence()
    {
        Assert.True(new LogId(5, 9) < new LogId(6, 0));
        Assert.True(new LogId(6, 1) > new LogId(6, 0));
        Assert.Equal(new LogId(6, 1), LogId.Max(new LogId(6, 1), new LogId(6, 0)));
        Assert.True(LogId.At(DateTimeOffset.FromUnixTimeMilliseconds(7)) < new LogId(7, 1));
    }

    [Theory]
    [InlineData("ann", "ann", false)]
    [InlineData("  ann \n", "ann", false)]
    [InlineData("/session new ann", "ann", true)]
    public void A_first_frame_is_a_name_or_a_new_login_that_resumes(string frame, string name, bool resumable) =>
        Assert.Equal(new NewLogin(name, resumable), Handshake.Parse(frame));

    [Fact]
    public void A_resume_names_the_login_its_secret_and_the_last_line_the_client_has() =>
        Assert.Equal(new ResumeLogin("ann", "s3cr-t_", new LogId(17, 2)), Handshake.Parse("/session resume ann s3cr-t_ 17-2"));

    [Theory]
    [InlineData("/session")]
    [InlineData("/session resume ann secret notanid")]
    [InlineData("/session new")]
    [InlineData("/session old ann")]
    public void A_malformed_session_frame_gets_its_usage(string frame) =>
        Assert.StartsWith("Usage: /session", Assert.IsType<BadHandshake>(Handshake.Parse(frame)).Reason);

    [Fact]
    public void A_name_that_starts_with_a_slash_stays_a_name_and_is_refused_later_as_today() =>
        Assert.Equal(new NewLogin("/sessionx", false), Handshake.Parse("/sessionx"));

    [Theory]
    [InlineData("@17-2 ann: hi\n", typeof(LoggedLine))]
    [InlineData("/session ann abc 17-2", typeof(SessionDetails))]
    [InlineData("/resumed 3", typeof(ResumedMarker))]
    [InlineData("ann: hi\n", typeof(PlainLine))]
    [InlineData("@notanid x", typeof(PlainLine))]
    [InlineData("/resumed many", typeof(PlainLine))]
    public void The_client_tells_the_servers_frames_apart(string frame, Type kind) =>
        Assert.IsType(kind, ServerFrame.Parse(frame));

    [Fact]
    public void A_logged_line_carries_its_id_and_the_seeds_text() =>
        Assert.Equal(new LoggedLine(new LogId(17, 2), "(PM) ann: hi\n"), ServerFrame.Parse(ChatText.WithLogId(new LogId(17, 2), "(PM) ann: hi\n")));

    [Fact]
    public void Session_details_round_trip() =>
        Assert.Equal(new SessionDetails("ann", "abc", new LogId(1, 0)), ServerFrame.Parse(ChatText.SessionLine("ann", "abc", new LogId(1, 0))));

    [Theory]
    [InlineData("", null, ShowHistory.DefaultCount)]
    [InlineData("50", null, 50)]
    [InlineData("Class", "Class", ShowHistory.DefaultCount)]
    [InlineData("bob 5", "bob", 5)]
    public void History_takes_an_optional_conversation_and_count(string rest, string? target, int count) =>
        Assert.Equal(new ShowHistory(target, count), ChatCommandParser.Parse(("/history " + rest).TrimEnd()));

    [Theory]
    [InlineData("#maths", "maths", HistoryScope.Group, ShowHistory.DefaultCount)]
    [InlineData("@bob 5", "bob", HistoryScope.User, 5)]
    [InlineData("bob", "bob", HistoryScope.Either, ShowHistory.DefaultCount)]
    public void History_marks_a_name_as_a_groups_or_a_users(string rest, string target, HistoryScope scope, int count) =>
        Assert.Equal(new ShowHistory(target, count, scope), ChatCommandParser.Parse("/history " + rest));

    [Theory]
    [InlineData("/history #", "Group name must not be empty.")]
    [InlineData("/history @", "Username must not be empty.")]
    [InlineData("/history ##maths", "Group name may contain only the letters A-Z and a-z, digits, '_', '-' and '.'.")]
    [InlineData("/history @#bob 5", "Username may contain only the letters A-Z and a-z, digits, '_', '-' and '.'.")]
    public void A_marked_history_name_is_checked_as_a_name(string line, string reason) =>
        Assert.Equal(new InvalidInput(reason), ChatCommandParser.Parse(line));

    [Theory]
    [InlineData("/history bob 0")]
    [InlineData("/history bob 201")]
    [InlineData("/history bob x")]
    public void History_counts_are_1_to_200(string line) => Assert.IsType<InvalidInput>(ChatCommandParser.Parse(line));

    [Fact]
    public void History_takes_at_most_two_words() => Assert.IsType<UsageError>(ChatCommandParser.Parse("/history a 1 2"));
}

/// <summary>Numbered frames and their acknowledgements (docs/protocol.md, "Resuming").</summary>
public class NumberedFrameTests
{
    [Theory]
    [InlineData("@1 hello", 1, "hello")]
    [InlineData("@42 /pm ann hi there", 42, "/pm ann hi there")]
    [InlineData("@7 ", 7, "")]
    public void A_numbered_frame_carries_its_number_and_line(string frame, long number, string line)
    {
        Assert.True(NumberedFrame.TryParse(frame, out var n, out var text));
        Assert.Equal((number, line), (n, text));
        Assert.Equal(frame, NumberedFrame.Format(number, line));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("@0 zero is not a number here")]
    [InlineData("@-1 x")]
    [InlineData("@x y")]
    [InlineData("@12")]
    [InlineData("@ 12 x")]
    public void Anything_else_is_an_ordinary_line(string frame)
    {
        Assert.False(NumberedFrame.TryParse(frame, out _, out var line));
        Assert.Equal(frame, line);
    }

    [Fact]
    public void The_server_acknowledges_a_number_and_the_client_reads_it() =>
        Assert.Equal(new AckLine(9), ServerFrame.Parse(NumberedFrame.Ack(9)));

    [Fact]
    public void Unacknowledged_lines_are_numbered_from_one_and_sent_again_until_acknowledged()
    {
        var lines = new UnacknowledgedLines();
        Assert.Equal("@1 a", lines.Add("a"));
        Assert.Equal("@2 b", lines.Add("b"));
        Assert.Equal("@3 c", lines.Add("c"));
        lines.Acknowledge(2);
        Assert.Equal(["@3 c"], lines.Frames());
        Assert.Equal("@4 d", lines.Add("d"));
        lines.Acknowledge(4);
        Assert.Equal(0, lines.Count);
    }
}
