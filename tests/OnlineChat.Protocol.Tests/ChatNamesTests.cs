using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class ChatNamesTests
{
    [Theory]
    [InlineData("flowers")]
    [InlineData("bones_2")]
    [InlineData("a.b-c")]
    public void Accepts_ordinary_names(string name) => Assert.Null(ChatNames.Validate(name, ChatNames.Kind.User));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("two words", "only the letters A-Z")]
    [InlineData("a,b", "only the letters A-Z")]
    [InlineData("a/b", "only the letters A-Z")]
    [InlineData("Zoë", "only the letters A-Z")]
    [InlineData("t\u0435acher", "only the letters A-Z")] // Cyrillic е: looks like "teacher"
    [InlineData("\uFF54\uFF45\uFF41\uFF43\uFF48\uFF45\uFF52", "only the letters A-Z")] // fullwidth "teacher"
    [InlineData("\u3164", "only the letters A-Z")] // Hangul filler: an invisible letter
    [InlineData("ACK", "reserved")]
    [InlineData("Server", "reserved")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "at most 32")]
    public void Refuses_names_with_a_reason(string name, string reason) =>
        Assert.Contains(reason, ChatNames.Validate(name, ChatNames.Kind.User));
}
