using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class InputHistoryTests
{
    [Fact]
    public void Up_goes_back_down_comes_forward_and_past_the_newest_returns_to_the_draft()
    {
        var history = new InputHistory();
        history.Add("first");
        history.Add("second");

        Assert.Equal("second", history.Previous("draft"));
        Assert.Equal("first", history.Previous("second"));
        Assert.Equal("first", history.Previous("first")); // the oldest stays
        Assert.Equal("second", history.Next("first"));
        Assert.Equal("draft", history.Next("second"));
        Assert.Equal("draft", history.Next("draft")); // nothing newer
    }

    [Fact]
    public void Keeps_neither_empty_lines_nor_a_line_twice_in_a_row_nor_more_than_its_capacity()
    {
        var history = new InputHistory(capacity: 2);
        history.Add("a");
        history.Add("");
        history.Add("b");
        history.Add("b");
        history.Add("c");

        Assert.Equal("c", history.Previous(""));
        Assert.Equal("b", history.Previous("c"));
        Assert.Equal("b", history.Previous("b"));
    }

    [Fact]
    public void With_nothing_entered_up_keeps_what_is_typed() =>
        Assert.Equal("typing", new InputHistory().Previous("typing"));
}
