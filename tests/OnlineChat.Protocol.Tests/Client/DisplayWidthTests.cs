using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class DisplayWidthTests
{
    [Theory]
    [InlineData("", 80, 1)]
    [InlineData("ann: hello", 80, 1)]
    [InlineData("12345678", 8, 1)] // exactly full: the cursor waits at the row's end, still one row
    [InlineData("123456789", 8, 2)]
    [InlineData("日本語", 5, 2)] // three characters, six columns
    [InlineData("😀😀😀😀", 8, 1)] // surrogate pairs count as one character of two columns
    [InlineData("e\u0301e\u0301", 2, 1)] // combining accents take no column
    public void Counts_the_rows_a_line_takes_by_display_width(string text, int columns, int rows) =>
        Assert.Equal(rows, DisplayWidth.Rows(text, columns));

    [Theory]
    [InlineData("hello world again", 11, new[] { "hello world", "again" })]
    [InlineData("abcdefghij", 4, new[] { "abcd", "efgh", "ij" })] // no space: cut where the row is full
    [InlineData("日本語日本語", 5, new[] { "日本", "語日", "本語" })] // two columns each: never half a character
    [InlineData("ok 😀😀😀", 5, new[] { "ok", "😀😀", "😀" })] // the pair stays whole
    [InlineData("e\u0301e\u0301e\u0301", 2, new[] { "e\u0301e\u0301", "e\u0301" })] // a letter keeps its accent
    public void Wraps_at_spaces_by_display_width_without_splitting_a_character(string text, int columns, string[] rows) =>
        Assert.Equal(rows, DisplayWidth.Wrap(text, columns));
}
