using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;

namespace OnlineChat.Gateway.Tests;

/// <summary>History settings that would lose the log, grow without bound or break every publish are refused at start, saying which and why.</summary>
public sealed class HistoryOptionsTests
{
    [Fact]
    public void The_defaults_and_zero_history_per_conversation_are_usable()
    {
        Assert.Empty(new HistoryOptions().Problems());
        Assert.Empty(new HistoryOptions { MessagesPerConversation = 0 }.Problems());
        Assert.False(new HistoryOptions { MessagesPerConversation = 0 }.KeepsConversations);
        Assert.Empty(new HistoryOptions { LogMessages = 1, MaxAge = HistoryOptions.LongestAge }.Problems());
    }

    [Theory]
    [InlineData(0, 1000, "7.00:00:00", "History:LogMessages must be 1 or more, not 0")]
    [InlineData(100_000, -1, "7.00:00:00", "History:MessagesPerConversation must be 0 (keep no conversation history) or more, not -1")]
    [InlineData(100_000, 1000, "00:00:00", "History:MaxAge must be longer than zero")]
    [InlineData(100_000, 1000, "-1.00:00:00", "History:MaxAge must be longer than zero")]
    [InlineData(100_000, 1000, "3651.00:00:00", "at most 3650 days")]
    public void A_bad_setting_is_named_with_its_value(int logMessages, int perConversation, string maxAge, string expected)
    {
        var options = new HistoryOptions { LogMessages = logMessages, MessagesPerConversation = perConversation, MaxAge = TimeSpan.Parse(maxAge) };

        Assert.Contains(options.Problems(), problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_with_a_bad_setting_does_not_start_and_says_why()
    {
        var builder = Host.CreateApplicationBuilder(["--History:MessagesPerConversation=-5", "--ConnectionStrings:redis=localhost:1"]);
        builder.AddChatBackplane();
        using var host = builder.Build();

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("History:MessagesPerConversation must be 0 (keep no conversation history) or more, not -5", refusal.Message);
    }
}
