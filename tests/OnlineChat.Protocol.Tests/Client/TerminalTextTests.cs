using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, emoji 😀 and עברית", "plain text, emoji 😀 and עברית")]
    [InlineData("a\ttab", "a tab")]
    [InlineData("ann: \u202Eevil", "ann: evil")]
    [InlineData("\u2066isolated\u2069 \u202Aembedded\u202C", "isolated embedded")]
    public void Tabs_become_spaces_and_bidirectional_controls_are_dropped(string sent, string shown) =>
        Assert.Equal(shown, TerminalText.Safe(sent));

    [Fact]
    public void The_scrollback_shows_the_safe_text()
    {
        var entry = new ChatEntry(new DateTimeOffset(2026, 12, 1, 14, 3, 0, TimeSpan.Zero), EntryKind.Message, "bob: a\ttab \u202Ereversed");
        Assert.Equal("14:03 bob: a tab reversed", entry.Display(TimeZoneInfo.Utc, entry.Time));
    }
}
