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

    [Theory]
    [InlineData("09:41 ann: the quick brown fox jumps", 24, 6, new[] { "09:41 ann: the quick", "      brown fox jumps" })]
    [InlineData("09:41 ann: abcdefghijklmnopqrstuvwxyz0123", 24, 6, new[] { "09:41 ann:", "      abcdefghijklmnopqr", "      stuvwxyz0123" })] // a word longer than a row: cut where each row is full
    [InlineData("09:41 ann: one two three", 20, 6, new[] { "09:41 ann: one two", "three" })] // 14 columns left under the text: too narrow to indent
    [InlineData("09:41 ann: hi", 24, 6, new[] { "09:41 ann: hi" })]
    public void Rows_after_the_first_start_under_the_text_where_there_is_room(string text, int columns, int indent, string[] rows) =>
        Assert.Equal(rows, DisplayWidth.Wrap(text, columns, indent));

    [Fact]
    public void A_word_carried_to_an_indented_row_that_it_would_not_fit_is_cut_where_the_first_row_ends()
    {
        // "09:41 " and 17 letters fill the first row's 23 columns; the word and its next letter, 18 columns, would
        // not fit in an indented row's 17: cut at the first row's end instead of overflowing the next.
        Assert.Equal(["09:41 abcdefghijklmnopq", "      rs"], DisplayWidth.Wrap("09:41 abcdefghijklmnopqrs", 23, 6));
    }
}
