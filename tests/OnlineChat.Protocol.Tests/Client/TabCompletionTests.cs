using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class TabCompletionTests
{
    private static readonly string[] Commands = ["/jg", "/lg", "/listg", "/listallg", "/pm"];
    private static readonly string[] Names = ["ann", "anna", "bob", "Maths"];

    [Theory]
    [InlineData("/j", 2, "/jg ", 4)] // one command: completed, with a space
    [InlineData("/jg ma", 6, "/jg Maths ", 10)] // a group, as the server spells it
    [InlineData("/pm b hi", 5, "/pm bob  hi", 8)] // the word before the cursor, mid-line
    [InlineData("/li", 3, "/list", 5)] // several: as far as they agree
    [InlineData("hello an", 8, "hello ann", 9)] // ann and anna agree on "ann"
    [InlineData("/zz", 3, "/zz", 3)] // nothing matches: unchanged
    [InlineData("ma", 2, "Maths ", 6)] // the first word without "/" is a name
    public void Completes_the_word_before_the_cursor(string text, int cursor, string completed, int at)
    {
        var result = TabCompletion.Complete(text, cursor, Commands, Names);
        Assert.Equal(completed, result.Text);
        Assert.Equal(at, result.Cursor);
    }

    [Fact]
    public void Lists_the_candidates_when_several_match()
    {
        Assert.Equal(["/listallg", "/listg"], TabCompletion.Complete("/li", 3, Commands, Names).Candidates);
        Assert.Empty(TabCompletion.Complete("/j", 2, Commands, Names).Candidates);
    }
}
