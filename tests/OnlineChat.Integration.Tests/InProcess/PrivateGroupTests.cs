using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Groups that are private: the owner closes a group, invites and removes members, and outsiders can
/// neither join, nor list, nor read it. A registered owner keeps the group while away.
/// </summary>
public sealed class PrivateGroupTests : ClusterTest
{
    [Fact]
    public async Task An_invite_only_group_is_closed_to_outsiders_open_to_the_invited_and_a_kicked_member_is_out()
    {
        await using var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "owner");
        await using var friend = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "friend");
        await using var outsider = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "outsider");
        await owner.SendAsync("/cg Secret");
        await owner.WaitForAsync("Group Secret created.\n");

        await outsider.SendAsync("/private Secret");
        Assert.Equal(ChatText.NotOwner, await outsider.ReceiveAsync());
        await owner.SendAsync("/private secret");
        Assert.Equal(ChatText.GroupNowPrivate("Secret"), await owner.ReceiveAsync());
        await owner.SendAsync("/private Secret"); // not "now": it was already
        Assert.Equal(ChatText.GroupPrivateAlready("Secret"), await owner.ReceiveAsync());

        // Outsiders: cannot join, do not see it listed, cannot list its members or write to it.
        await outsider.SendAsync("/jg Secret");
        Assert.Equal(ChatText.InviteOnly, await outsider.ReceiveAsync());
        await outsider.SendAsync("/listallg");
        Assert.DoesNotContain("Secret", await outsider.ReceiveAsync(), StringComparison.Ordinal);
        await outsider.SendAsync("/members Secret");
        Assert.Equal(ChatText.NoSuchGroup, await outsider.ReceiveAsync());
        await outsider.SendAsync("/gc Secret let me in");
        Assert.Equal(ChatText.NotAMember, await outsider.ReceiveAsync());

        // Only someone online, or an account, can be invited: a name nobody holds could be anybody's later.
        await owner.SendAsync("/invite nobody Secret");
        Assert.Equal(ChatText.NobodyToInvite, await owner.ReceiveAsync());

        // The invited: told, can join, and read it.
        await owner.SendAsync("/invite FRIEND Secret");
        Assert.Equal(ChatText.Invited("friend", "Secret"), await owner.ReceiveAsync());
        Assert.Equal("owner invited you to group Secret. Join with /jg Secret\n", await friend.ReceiveAsync());
        // Invited once is enough: the owner hears so, the friend is not told again (next is her own join).
        await owner.SendAsync("/invite friend secret");
        Assert.Equal(ChatText.AlreadyInvited("friend", "Secret"), await owner.ReceiveAsync());
        await friend.SendAsync("/jg Secret");
        Assert.Equal("friend has joined group Secret.\n", await friend.ReceiveAsync());
        await owner.WaitForAsync("friend has joined group Secret.\n");
        await friend.SendAsync("/members Secret");
        Assert.Equal("Members of Secret: owner (owner), friend\n", await friend.WaitForMembersAsync());
        await friend.SendAsync("/listallg");
        await friend.WaitForAsync("Groups:\n  Secret (owner owner, 2 members, invite-only)\n");
        // Typed in any case, the group reads as created, live and in the history.
        await owner.SendAsync("/gc SECRET only for us");
        await friend.WaitForAsync("(Secret) owner: only for us\n");
        await friend.SendAsync("/history secret");
        Assert.EndsWith("(Secret) owner: only for us\n", await friend.ReceiveAsync(), StringComparison.Ordinal);
        // Answers about the one named, not about the owner asking, named as they are.
        await owner.SendAsync("/invite FRIEND secret");
        Assert.Equal(ChatText.AlreadyInGroup("friend", "Secret"), await owner.ReceiveAsync());
        await owner.SendAsync("/kick OUTSIDER secret");
        Assert.Equal(ChatText.NotInGroup("outsider", "Secret"), await owner.ReceiveAsync());

        // Kicked: told who did it, as are the members; out, and not invited any more.
        await owner.SendAsync("/kick friend Secret");
        await owner.WaitForAsync("friend was removed from group Secret by owner.\n");
        await friend.WaitForAsync("friend was removed from group Secret by owner.\n");
        await friend.SendAsync("/jg Secret");
        Assert.Equal(ChatText.InviteOnly, await friend.ReceiveAsync());
        await owner.SendAsync("/kick owner Secret");
        Assert.Equal(ChatText.CannotKickSelf, await owner.ReceiveAsync());

        // Open again: anyone may join.
        await owner.SendAsync("/public Secret");
        Assert.Equal(ChatText.GroupNowPublic("Secret"), await owner.ReceiveAsync());
        await owner.SendAsync("/public secret");
        Assert.Equal(ChatText.GroupPublicAlready("Secret"), await owner.ReceiveAsync());
        await outsider.SendAsync("/jg Secret");
        await owner.WaitForAsync("outsider has joined group Secret.\n");
    }

    [Fact]
    public async Task An_account_invited_or_removed_while_away_is_told_when_it_next_logs_in()
    {
        // A teacher sets up the class's private group before the lesson; her students' accounts are away.
        const string password = "student's password";
        await using (var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student"))
        {
            await student.SendAsync($"/register {password}");
            Assert.Equal(ChatText.Registered("student"), await student.ReceiveAsync());
            await student.SendAsync("/quit");
            await student.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("student") is null, "student is away");
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher");
        await teacher.SendAsync("/cg Class");
        await teacher.WaitForAsync("Group Class created.\n");
        await teacher.SendAsync("/private Class");
        Assert.Equal(ChatText.GroupNowPrivate("Class"), await teacher.ReceiveAsync());
        await teacher.SendAsync("/invite STUDENT Class");
        Assert.Equal("Invited student to group Class.\n", await teacher.ReceiveAsync());

        await using var back = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await back.SendAsync($"/login student {password}");
        Assert.Equal(ChatText.LoggedIn("student"), await back.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] teacher invited you to group Class\. Join with /jg Class\n$", await back.ReceiveAsync());
        Assert.Equal("You missed 1 notice while you were away (shown above).\n", await back.ReceiveAsync());
        await back.SendAsync("/jg Class");
        await teacher.WaitForAsync("student has joined group Class.\n");

        // Removed while away: told too, rather than finding out from a refused /gc.
        await back.SendAsync("/logout");
        await back.ReadUntilClosedAsync();
        await teacher.WaitForAsync("student has gone offline.\n");
        await teacher.SendAsync("/kick student Class");
        await teacher.WaitForAsync("student was removed from group Class by teacher.\n");
        await using var again = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest2");
        await again.SendAsync($"/login student {password}");
        Assert.Equal(ChatText.LoggedIn("student"), await again.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] student was removed from group Class by teacher\.\n$", await again.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(0, notices: 1), await again.ReceiveAsync());
    }

    [Fact]
    public async Task An_account_away_when_its_group_was_closed_and_passed_on_to_it_is_told_when_it_next_logs_in()
    {
        const string password = "student's password";
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher");
        await teacher.SendAsync("/cg Class");
        await teacher.WaitForAsync("Group Class created.\n");
        await using (var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student"))
        {
            await student.SendAsync($"/register {password}");
            Assert.Equal(ChatText.Registered("student"), await student.ReceiveAsync());
            await student.SendAsync("/jg Class");
            await teacher.WaitForAsync("student has joined group Class.\n");
            await student.SendAsync("/quit");
            await student.ReadUntilClosedAsync();
        }

        // While the student's account is away (still a member): the group closes, a message, its owner leaves.
        await teacher.WaitForAsync("student has gone offline.\n");
        await teacher.SendAsync("/private Class");
        Assert.Equal(ChatText.GroupNowPrivate("Class"), await teacher.ReceiveAsync());
        await teacher.SendAsync("/gc Class homework is on the board");
        await teacher.SendAsync("/lg Class");
        await teacher.WaitForAsync("teacher has just left group Class.\n");

        await using var back = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await back.SendAsync($"/login student {password}");
        Assert.Equal(ChatText.LoggedIn("student"), await back.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] teacher made group Class invite-only\.\n$", await back.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(Class\) teacher: homework is on the board\n$", await back.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] student is now the owner of group Class\.\n$", await back.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(1, notices: 2), await back.ReceiveAsync());
    }

    [Fact]
    public async Task A_registered_owner_keeps_the_group_and_its_registered_members_stay_while_away()
    {
        const string password = "owner's password";
        var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher");
        await owner.SendAsync($"/register {password}");
        Assert.Equal(ChatText.Registered("teacher"), await owner.ReceiveAsync());
        await owner.SendAsync("/cg Class");
        await owner.WaitForAsync("Group Class created.\n");
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await student.SendAsync("/jg Class");
        await owner.WaitForAsync("student has joined group Class.\n");

        await owner.SendAsync("/quit");
        await owner.ReadUntilClosedAsync();
        await owner.DisposeAsync();

        // Offline, not out: no "left the group", no new owner.
        var whileAway = await student.WaitForAsync("teacher has gone offline.\n");
        Assert.DoesNotContain(whileAway, f => f.Contains("left group", StringComparison.Ordinal) || f.Contains("now the owner", StringComparison.Ordinal));
        await student.SendAsync("/members Class");
        Assert.Equal("Members of Class: teacher (owner), student\n", await student.WaitForMembersAsync());

        await using var back = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await back.SendAsync($"/login teacher {password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await back.ReceiveAsync());
        await back.SendAsync("/listg");
        Assert.Equal(ChatText.MyGroups(["Class"]), await back.ReceiveAsync());
        await student.SendAsync("/gc Class welcome back");
        await back.WaitForAsync("(Class) student: welcome back\n");
    }
}
