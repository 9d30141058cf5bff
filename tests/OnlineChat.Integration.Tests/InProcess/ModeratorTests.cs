using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The teacher role: the operator names the account (Presence:Moderators); once logged in, the teacher's
/// messages are marked, and she can remove anyone from any group and mute a student for a while.
/// </summary>
public sealed class ModeratorTests : ClusterTest
{
    private const string Password = "teacher's password";
    private readonly FrozenClock _clock = new();

    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        configureGateway: (_, builder) => builder.Services.AddSingleton<TimeProvider>(_clock),
        presenceSettings: new() { ["Presence:Moderators"] = "Teacher, principal" });

    [Fact]
    public async Task A_moderators_messages_are_marked_and_she_can_kick_from_any_group_and_see_private_ones()
    {
        await using var teacher = await LogInModeratorAsync();
        await using var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "owner");
        await using var pest = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "pest");

        await teacher.SendAsync("good morning");
        await owner.WaitForAsync("[teacher] teacher: good morning\n");
        await teacher.SendAsync("/pm owner see me after class");
        await owner.WaitForAsync("(PM) [teacher] teacher: see me after class\n");

        await owner.FormGroupWithAsync(pest, "Den");
        await owner.SendAsync("/private Den");
        Assert.Equal(ChatText.GroupNowPrivate("Den"), await owner.ReceiveAsync());

        // Not a member, yet she sees it, its members, and can remove one.
        await teacher.SendAsync("/members den");
        Assert.Equal("Members of Den: owner (owner), pest\n", await teacher.WaitForMembersAsync());
        await teacher.SendAsync("/kick pest Den");
        await pest.WaitForAsync("pest was removed from group Den by teacher.\n");
        await owner.WaitForAsync("pest was removed from group Den by teacher.\n");
        // She is told too, though not a member: that notice is her command's only answer.
        await teacher.WaitForAsync("pest was removed from group Den by teacher.\n");

        // A student's /kick in someone else's group, or /mute, is refused.
        await pest.SendAsync("/mute owner 5");
        Assert.Equal(ChatText.NotModerator, await pest.ReceiveAsync());
    }

    [Fact]
    public async Task The_members_hear_who_closed_or_opened_their_group_and_whoever_did_it_gets_only_the_answer()
    {
        await using var teacher = await LogInModeratorAsync();
        await using var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "owner");
        await using var member = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "member");
        await owner.FormGroupWithAsync(member, "Lab");
        await member.WaitForAsync("member has joined group Lab.\n");

        // A moderator from outside closes it: the owner and the member, on two gateways, learn who did.
        await teacher.SendAsync("/private lab");
        Assert.Equal(ChatText.GroupNowPrivate("Lab"), await teacher.ReceiveAsync());
        Assert.Equal("teacher made group Lab invite-only.\n", await owner.ReceiveAsync());
        Assert.Equal("teacher made group Lab invite-only.\n", await member.ReceiveAsync());

        // The owner opens it again: the member hears it, the owner gets her answer and nothing else (the
        // member's message, sent after the notice went out, is the next thing she reads).
        await owner.SendAsync("/public Lab");
        Assert.Equal(ChatText.GroupNowPublic("Lab"), await owner.ReceiveAsync());
        Assert.Equal("owner opened group Lab to everyone.\n", await member.ReceiveAsync());
        await member.SendAsync("/gc Lab marker");
        Assert.Equal("(Lab) member: marker\n", await owner.ReceiveAsync());
    }

    [Fact]
    public async Task When_a_moderator_removes_a_groups_owner_the_members_hear_who_owns_it_now()
    {
        await using var teacher = await LogInModeratorAsync();
        await using var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "owner");
        await using var member = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "member");
        await owner.FormGroupWithAsync(member, "Lab");

        await teacher.SendAsync("/kick owner Lab");
        await owner.WaitForAsync("owner was removed from group Lab by teacher.\n");
        await member.WaitForAsync("owner was removed from group Lab by teacher.\n");
        Assert.Equal("member is now the owner of group Lab.\n", await member.ReceiveAsync());
        await teacher.WaitForAsync("member is now the owner of group Lab.\n");
        await member.SendAsync("/members Lab");
        Assert.Equal("Members of Lab: member (owner)\n", await member.WaitForMembersAsync());
    }

    [Fact]
    public async Task A_muted_student_is_told_until_when_is_refused_everywhere_and_can_write_again_when_it_ends()
    {
        await using var teacher = await LogInModeratorAsync();
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await using var other = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "other");

        // Never herself (names ignore case): she would lose her voice until she noticed.
        await teacher.SendAsync("/mute Teacher 5");
        Assert.Equal(ChatText.CannotMuteYourself, await teacher.ReceiveAsync());
        await teacher.SendAsync("/mute STUDENT 1");
        await teacher.WaitForPrefixAsync("Muted student until ");
        Assert.EndsWith(": your messages are refused until then, but a PM to a moderator goes through.\n",
            await student.WaitForPrefixAsync("You are muted by teacher until "), StringComparison.Ordinal);

        // "principal" is named a moderator but has no account: a guest of that name is nobody's moderator.
        await using var guest = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "principal");
        foreach (var attempt in new[] { "spam", "/pm other spam", "/gc Any spam", "/pm principal spam" })
        {
            await student.SendAsync(attempt);
            Assert.StartsWith("Error: You are muted until ", await student.ReceiveAsync());
        }

        // The one way out: a PM to a moderator, to ask why.
        await student.SendAsync("/pm TEACHER why was I muted?");
        await teacher.WaitForAsync("(PM) student: why was I muted?\n");

        await other.SendAsync("others still talk");
        await teacher.WaitForAsync("other: others still talk\n");

        // A minute later (the gateways' clock moved on) the mute is over by itself.
        _clock.Advance(TimeSpan.FromSeconds(61));
        await student.SendAsync("am I back?");
        await other.WaitForAsync("student: am I back?\n");

        // Muted again, and lifted early.
        await teacher.SendAsync("/mute student 10");
        await teacher.WaitForPrefixAsync("Muted student until ");
        await student.WaitForPrefixAsync("You are muted by teacher until ");
        await teacher.SendAsync("/unmute student");
        await teacher.WaitForAsync(ChatText.Unmuted("student"));
        await student.WaitForAsync("teacher lifted your mute: you can send messages again.\n");
        await student.SendAsync("free again");
        await other.WaitForAsync("student: free again\n");
    }

    [Fact]
    public async Task Whoever_arrives_under_a_muted_name_is_told_at_once_not_at_the_first_refused_message()
    {
        await using var teacher = await LogInModeratorAsync();
        await Cluster.RegisterAccountAsync("student", "student's password", gateway: 2);
        var notice = ChatText.StillMuted(_clock.GetUtcNow().AddMinutes(5));

        // An account muted while away: right after the login line, before what it missed.
        await teacher.SendAsync("/mute student 5");
        await teacher.WaitForPrefixAsync("Muted student until ");
        await using (var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "someone"))
        {
            await student.SendAsync("/login student student's password");
            Assert.Equal(ChatText.LoggedIn("student"), await student.ReceiveAsync());
            Assert.Equal(notice, await student.ReceiveAsync());
        }

        // A guest who comes back under a name muted after it left: right after the welcome.
        await teacher.SendAsync("/mute dan 5");
        await teacher.WaitForPrefixAsync("Muted dan until ");
        await using (var dan = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "dan"))
        {
            Assert.Equal(notice, await dan.ReceiveAsync());
        }

        // A client that resumes after a mute set while its connection was down, which it could not hear.
        var eve = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(2), "eve");
        await eve.DisposeAsync();
        await teacher.SendAsync("/mute eve 5");
        await teacher.WaitForAsync(ChatText.Muted("eve", _clock.GetUtcNow().AddMinutes(5)));
        var (back, _) = await eve.ResumeAsync(Cluster.Gateway(1));
        await using (back)
        {
            Assert.Equal(notice, await back.ReceiveAsync());
        }
    }

    [Fact]
    public async Task A_moderator_who_registers_her_name_in_class_moderates_at_once_without_logging_in_again()
    {
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher");
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");

        await teacher.SendAsync($"/register {Password}");
        Assert.Equal(ChatText.Registered("teacher"), await teacher.ReceiveAsync());
        await teacher.SendAsync("/mutes");
        Assert.Equal(ChatText.NobodyMuted, await teacher.ReceiveAsync());
        await teacher.SendAsync("settle down please");
        await student.WaitForAsync("[teacher] teacher: settle down please\n");

        // A student's registration brings no badge.
        await student.SendAsync("/register student's password");
        Assert.Equal(ChatText.Registered("student"), await student.ReceiveAsync());
        await student.SendAsync("/mutes");
        Assert.Equal(ChatText.NotModerator, await student.ReceiveAsync());
    }

    [Fact]
    public async Task A_moderator_lists_who_is_muted_and_until_when_and_a_student_may_not()
    {
        await using var teacher = await LogInModeratorAsync();
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await using var carl = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "Carl");

        await teacher.SendAsync("/mutes");
        Assert.Equal(ChatText.NobodyMuted, await teacher.ReceiveAsync());

        await teacher.SendAsync("/mute student 5");
        await teacher.WaitForPrefixAsync("Muted student until ");
        await teacher.SendAsync("/mute carl 10");
        await teacher.WaitForPrefixAsync("Muted Carl until ");

        // By name, each as spelled online, with the time the mute ends.
        var fiveMinutes = ChatText.Clock(_clock.GetUtcNow().AddMinutes(5));
        var tenMinutes = ChatText.Clock(_clock.GetUtcNow().AddMinutes(10));
        await teacher.SendAsync("/mutes");
        Assert.Equal($"Muted: Carl until {tenMinutes}, student until {fiveMinutes}.\n", await teacher.ReceiveAsync());

        // Who is muted is the moderators' business.
        await carl.WaitForPrefixAsync("You are muted by teacher until ");
        await carl.SendAsync("/mutes");
        Assert.Equal(ChatText.NotModerator, await carl.ReceiveAsync());

        await teacher.SendAsync("/unmute student");
        await teacher.WaitForAsync(ChatText.Unmuted("student"));
        await teacher.SendAsync("/unmute student");
        Assert.Equal(ChatText.NotMuted("student"), await teacher.ReceiveAsync());
        await teacher.SendAsync("/mutes");
        Assert.Equal($"Muted: Carl until {tenMinutes}.\n", await teacher.ReceiveAsync());

        // A mute that has run out is not listed, though nobody lifted it.
        _clock.Advance(TimeSpan.FromMinutes(11));
        await teacher.SendAsync("/mutes");
        Assert.Equal(ChatText.NobodyMuted, await teacher.ReceiveAsync());

        // A mistyped name mutes nobody: set (a mute is by name, and may wait for a guest to come back) but said.
        await teacher.SendAsync("/mute studnet 5");
        Assert.Equal($"Muted studnet until {ChatText.Clock(_clock.GetUtcNow().AddMinutes(5))}, but nobody of that name is online and no account has it: check the spelling (/lo lists who is online).\n",
            await teacher.ReceiveAsync());
    }

    [Fact]
    public async Task A_moderator_gives_a_student_who_forgot_their_password_a_new_one()
    {
        await Cluster.RegisterAccountAsync("student", "forgotten password");
        await using var teacher = await LogInModeratorAsync();

        // The student tried to remember (once more, and the account would be slowed down).
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        for (var i = 0; i < 2; i++)
        {
            await student.SendAsync($"/login student my guess {i}");
            Assert.Equal(ChatText.Error(ChatText.WrongPassword), await student.ReceiveAsync());
        }

        await Cluster.RegisterAccountAsync("principal", "principal's password");
        await teacher.SendAsync("/resetpassword Principal temporary pass");
        Assert.Equal(ChatText.ModeratorsOwnPassword, await teacher.ReceiveAsync());
        await teacher.SendAsync("/resetpassword nobody temporary pass");
        Assert.Equal(ChatText.NoSuchAccount("nobody"), await teacher.ReceiveAsync());
        await teacher.SendAsync("/resetpassword STUDENT temporary pass");
        Assert.Equal(ChatText.PasswordReset("student"), await teacher.ReceiveAsync());

        await student.SendAsync("/login student temporary pass");
        Assert.Equal(ChatText.LoggedIn("student"), await student.ReceiveAsync());
        await student.SendAsync("/password mine again, new");
        Assert.Equal(ChatText.PasswordChanged, await student.ReceiveAsync());

        // A student trying it on a moderator learns nothing about who is one.
        await student.SendAsync("/resetpassword principal temporary pass");
        Assert.Equal(ChatText.NotModerator, await student.ReceiveAsync());
    }

    [Fact]
    public async Task The_operator_gives_a_moderator_who_forgot_her_password_a_new_one()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        // She tries what she remembers (twice: a third failure from this address would slow her next login).
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await teacher.SendAsync("/login teacher what was it again");
            Assert.Equal(ChatText.Error(ChatText.WrongPassword), await teacher.ReceiveAsync());
        }

        using var http = new HttpClient { BaseAddress = Cluster.PresenceUrl };
        using (var unknown = await http.PostAsync("/admin/accounts/nobody/password", content: null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("There is no account nobody.", (await unknown.Content.ReadFromJsonAsync<PresenceError>())!.Error);
        }

        using var reset = await http.PostAsync("/admin/accounts/TEACHER/password", content: null);
        reset.EnsureSuccessStatusCode();
        var given = (await reset.Content.ReadFromJsonAsync<PasswordResetResponse>())!;
        Assert.Equal("teacher", given.Account);
        Assert.Null(Passwords.Validate(given.Password));

        Assert.Equal(0, (await Cluster.Directory.LoginFailuresAsync("account", "teacher")).Count);
        await teacher.SendAsync($"/login teacher {given.Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await teacher.SendAsync("still the teacher");
        await student.WaitForAsync("[teacher] teacher: still the teacher\n");
    }

    private Task<ChatTestClient> LogInModeratorAsync() => Cluster.LogInModeratorAsync("teacher", Password);
}
