using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class InputEditTests
{
    [Theory]
    [InlineData("", 0, 0, "hello", "hello", 5)]
    [InlineData("abc", 2, 0, "X", "abXc", 3)]
    [InlineData("abc", 9, 0, "!", "abc!", 4)] // past the end: at the end
    [InlineData("a😀c", 2, 0, "X", "a😀Xc", 3)] // the emoji is one element, two UTF-16 units
    [InlineData("日本語", 1, 1, "x", "日x語", 2)] // a selection is replaced
    [InlineData("e", 1, 0, "\u0301!", "e\u0301!", 2)] // an accent typed after its letter joins it
    public void Typed_text_goes_in_at_the_insertion_point_counted_in_elements(string text, int start, int length, string typed, string result, int point) =>
        Assert.Equal((result, point), InputEdit.Replace(text, start, length, typed));

    [Theory]
    [InlineData("hello world", 6, "world")]
    [InlineData("😀😀 tail", 2, " tail")]
    [InlineData("abc", 0, "abc")]
    public void Ctrl_u_deletes_the_elements_before_the_insertion_point(string text, int point, string left) =>
        Assert.Equal(left, InputEdit.DeleteBefore(text, point));

    [Fact]
    public void Points_and_indexes_convert_both_ways()
    {
        const string Text = "a😀b";
        Assert.Equal([0, 1, 3, 4], Enumerable.Range(0, 4).Select(p => InputEdit.CharIndex(Text, p)));
        Assert.Equal([0, 1, 2, 3], new[] { 0, 1, 3, 4 }.Select(i => InputEdit.Point(Text, i)));
        Assert.Equal(3, InputEdit.Elements(Text));
    }
}
