using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class ChatNamesTests
{
    [Theory]
    [InlineData("flowers")]
    [InlineData("bones_2")]
    [InlineData("Zoë")]
    [InlineData("a.b-c")]
    public void Accepts_ordinary_names(string name) => Assert.Null(ChatNames.Validate(name, ChatNames.Kind.User));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("two words", "only letters")]
    [InlineData("a,b", "only letters")]
    [InlineData("a/b", "only letters")]
    [InlineData("ACK", "reserved")]
    [InlineData("Server", "reserved")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "at most 32")]
    public void Refuses_names_with_a_reason(string name, string reason) =>
        Assert.Contains(reason, ChatNames.Validate(name, ChatNames.Kind.User));
}
