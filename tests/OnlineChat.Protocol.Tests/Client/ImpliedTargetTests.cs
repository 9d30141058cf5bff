using OnlineChat.Client.Conversations;

namespace OnlineChat.Protocol.Tests.Client;

public class ImpliedTargetTests
{
    public static TheoryData<string, string> InAGroup => new()
    {
        { "/members", "/members maths" },
        { "/lg", "/lg maths" },
        { "/private", "/private maths" },
        { "/PUBLIC", "/PUBLIC maths" },
        { "/invite bob", "/invite bob maths" },
        { "/kick bob", "/kick bob maths" },
        // Marked as a group's: a user of the same name has PMs of their own.
        { "/history", "/history #maths" },
        { "/history 50", "/history #maths 50" },
        // Named: as typed.
        { "/members art", "/members art" },
        { "/lg art", "/lg art" },
        { "/invite bob art", "/invite bob art" },
        { "/history art", "/history art" },
        { "/history bob 5", "/history bob 5" },
        // Not about a group.
        { "/lo", "/lo" },
        { "/listg", "/listg" },
        { "/jg", "/jg" },
        { "/mute bob", "/mute bob" },
    };

    [Theory]
    [MemberData(nameof(InAGroup))]
    public void A_group_command_without_its_group_is_for_the_group_shown(string typed, string sent) =>
        Assert.Equal(sent, ImpliedTarget.Complete(typed, ConversationKey.Group("maths")));

    [Theory]
    [InlineData("/history", "/history @bob")]
    [InlineData("/history 5", "/history @bob 5")]
    [InlineData("/lg", "/lg")]
    [InlineData("/invite carol", "/invite carol")]
    public void In_a_PM_only_history_is_for_the_conversation_shown(string typed, string sent) =>
        Assert.Equal(sent, ImpliedTarget.Complete(typed, ConversationKey.With("bob")));

    [Theory]
    [InlineData("/history")]
    [InlineData("/history 5")]
    [InlineData("/lg")]
    [InlineData("/members")]
    public void In_the_room_every_command_goes_as_typed(string typed) =>
        Assert.Equal(typed, ImpliedTarget.Complete(typed, ConversationKey.Room));
}
