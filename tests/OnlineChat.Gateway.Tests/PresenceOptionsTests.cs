using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnlineChat.Presence;

namespace OnlineChat.Gateway.Tests;

/// <summary>Presence settings that would spin its sweeper or make nobody a moderator are refused at start, saying which and why.</summary>
public sealed class PresenceOptionsTests
{
    [Fact]
    public void The_defaults_and_what_the_tests_set_are_usable()
    {
        Assert.Empty(new PresenceOptions().Problems());
        Assert.Empty(new PresenceOptions { Moderators = "Teacher, principal", ResumeWindow = TimeSpan.Zero, RecoveryWindow = TimeSpan.FromSeconds(8), ModeratorBadge = "head-teacher" }.Problems());
    }

    public static TheoryData<Action<PresenceOptions>, string> BadSettings => new()
    {
        { o => o.SweepInterval = TimeSpan.Zero, "Presence:SweepInterval must be longer than zero, not 00:00:00." },
        { o => o.RecoveryWindow = TimeSpan.FromSeconds(-1), "Presence:RecoveryWindow must be zero or longer" },
        { o => o.ResumeWindow = TimeSpan.FromSeconds(-1), "Presence:ResumeWindow must be zero or longer" },
        { o => o.MaxGroupsPerUser = -1, "Presence:MaxGroupsPerUser must be 0 (no limit) or more, not -1." },
        { o => o.RegistrationsPerAddressPerHour = -1, "Presence:RegistrationsPerAddressPerHour must be 0 (no limit) or more, not -1." },
        { o => o.Moderators = "teacher;principal", "Presence:Moderators names 'teacher;principal', which no account can have" },
        { o => o.ModeratorBadge = "", "Presence:ModeratorBadge must be 1 to 32 of A-Z" },
        { o => o.ModeratorBadge = "a]b", "not 'a]b'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_with_its_value(Action<PresenceOptions> spoil, string expected)
        => Assert.Contains(expected, SettingsProblems.Of(spoil), StringComparison.Ordinal);

    [Fact]
    public async Task Presence_with_a_bad_setting_does_not_start_and_says_why()
    {
        var builder = Host.CreateApplicationBuilder(["--Presence:Moderators=teacher;principal", "--ConnectionStrings:redis=localhost:1"]);
        builder.AddPresence();

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = builder.Build();
            await host.StartAsync();
        });
        Assert.Contains("Presence:Moderators names 'teacher;principal'", refusal.Message);
    }
}
