using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Accounts as a classroom uses them: the teacher registers her name, nobody else can use it while she is
/// away, she logs in from anywhere, and a second login of hers takes over from the first.
/// </summary>
public sealed class AccountTests : ClusterTest
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_registered_name_cannot_be_taken_after_its_owner_leaves_only_logged_in_to()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");

        // Someone asks for the name in the handshake: a free name, and a notice saying whose it is.
        await using var impostor = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "teacher");
        Assert.Equal("teacher1", impostor.Name);
        Assert.Equal(ChatText.NameIsRegistered("teacher"), await impostor.ReceiveAsync());

        await impostor.SendAsync("/login teacher not her password");
        Assert.Equal(ChatText.Error(ChatText.WrongPassword), await impostor.ReceiveAsync());

        // The real teacher, wherever she connects.
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        await student.WaitForAsync("teacher is now online.\n");
        await student.SendAsync("/pm teacher question");
        await teacher.WaitForAsync("(PM) student: question\n");
        await teacher.SendAsync("hello class");
        await student.WaitForAsync("teacher: hello class\n");
    }

    [Fact]
    public async Task A_guest_who_logs_in_keeps_its_groups_under_the_accounts_name_and_what_it_saw_there_is_not_missed()
    {
        // She started the lesson before logging in: the class group is hers as a guest.
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "miss");
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await teacher.SendAsync("/cg Class");
        await teacher.WaitForAsync("Group Class created.\n");
        await teacher.SendAsync("/private Class");
        await teacher.WaitForPrefixAsync("Group Class is now invite-only");
        await teacher.SendAsync("/invite student Class");
        await student.WaitForPrefixAsync("miss invited you to group Class.");
        await student.SendAsync("/jg Class");
        await teacher.WaitForAsync("student has joined group Class.\n");
        await student.SendAsync("/gc Class a question before the login");
        await teacher.WaitForAsync("(Class) student: a question before the login\n");

        // The account takes her place: the class stays hers, not the student's, and she hears it came along.
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        Assert.Equal("teacher has joined group Class.\n", await teacher.ReceiveAsync());
        Assert.Equal("teacher is now the owner of group Class.\n", await teacher.ReceiveAsync());
        var seen = await student.WaitForAsync("teacher has joined group Class.\n");
        Assert.DoesNotContain("student is now the owner of group Class.\n", seen);
        Assert.Equal("teacher is now the owner of group Class.\n", await student.ReceiveAsync());

        // Nothing in the group was missed (she read it live as miss): no replay before the next line.
        await student.SendAsync("/gc Class after the login");
        Assert.Equal("(Class) student: after the login\n", await teacher.ReceiveAsync());
        await student.SendAsync("/members Class");
        Assert.Equal("Members of Class: teacher (owner), student\n", await student.ReceiveAsync());
    }

    [Fact]
    public async Task A_guest_who_logs_in_to_an_account_in_its_groups_is_not_replayed_what_it_heard_or_said_there_only_what_came_before()
    {
        // The account is in the class group already, and away when a first message comes.
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await using (var earlier = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest"))
        {
            await earlier.SendAsync($"/login teacher {Password}");
            Assert.Equal(ChatText.LoggedIn("teacher"), await earlier.ReceiveAsync());
            await earlier.SendAsync("/cg Class");
            await earlier.WaitForAsync("Group Class created.\n");
            await student.SendAsync("/jg Class");
            await earlier.WaitForAsync("student has joined group Class.\n");
            await earlier.SendAsync("/logout");
            await student.WaitForAsync("teacher has gone offline.\n");
        }

        // Logged before the next line of the student's (a connection's commands run in order).
        await student.SendAsync("/gc Class while nobody of hers was there");

        // She comes back as a guest, joins the group and reads a message live, then logs in.
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "miss");
        await teacher.SendAsync("/jg Class");
        await student.WaitForAsync("miss has joined group Class.\n");
        await student.SendAsync("/gc Class heard by miss");
        await teacher.WaitForAsync("(Class) student: heard by miss\n");
        await teacher.SendAsync("/gc Class said by miss");
        await student.WaitForAsync("(Class) miss: said by miss\n");
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());

        // What came before the guest was there is missed; what the guest heard or said is not shown again. The group
        // hears the guest name leave it; she does not, as she is still there.
        Assert.Matches(@"^\[missed [\d:]+\] \(Class\) student: while nobody of hers was there\n$", await teacher.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(1), await teacher.ReceiveAsync());
        await student.WaitForAsync("miss has just left group Class.\n");
        await student.SendAsync("/gc Class after the login");
        Assert.Equal("(Class) student: after the login\n", await teacher.ReceiveAsync());
    }

    [Fact]
    public async Task A_guest_who_logs_in_to_an_account_it_wrote_to_while_away_is_not_replayed_its_own_note()
    {
        // The account has been here before (so it has a place to replay from) and is away.
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await using (var earlier = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest"))
        {
            await earlier.SendAsync($"/login teacher {Password}");
            Assert.Equal(ChatText.LoggedIn("teacher"), await earlier.ReceiveAsync());
            await earlier.SendAsync("/logout");
            await student.WaitForAsync("teacher has gone offline.\n");
        }

        await student.SendAsync("/pm teacher while she was away");
        Assert.Equal(ChatText.OfflineAccount("teacher"), await student.ReceiveAsync());

        // Back as a guest, she leaves her account a note, then logs in: the note is hers, said live, not missed.
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "miss");
        await teacher.SendAsync("/pm teacher note to self");
        Assert.Equal(ChatText.OfflineAccount("teacher"), await teacher.ReceiveAsync());
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(PM\) student: while she was away\n$", await teacher.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(1), await teacher.ReceiveAsync());
        await student.SendAsync("/pm teacher after the login");
        Assert.Equal("(PM) student: after the login\n", await teacher.ReceiveAsync());
    }

    [Fact]
    public async Task Everybody_else_hears_a_login_change_the_name_and_the_one_logging_in_hears_only_her_answer()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await using var deskmate = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "deskmate");
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");

        await teacher.SendAsync($"/login teacher {Password}");
        foreach (var listener in new[] { deskmate, student })
        {
            await listener.WaitForAsync("guest has gone offline.\n");
            await listener.WaitForAsync("teacher is now online.\n");
        }

        // The notices went out before this PM, on the same channel: whatever reached her came first.
        await student.SendAsync("/pm teacher marker");
        var before = await teacher.WaitForAsync("(PM) student: marker\n");
        Assert.Equal([ChatText.LoggedIn("teacher")], before.Where(f => !f.StartsWith("student is now online.", StringComparison.Ordinal)
            && !f.StartsWith("deskmate is now online.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Case_variants_and_lookalikes_of_a_name_in_use_are_not_granted()
    {
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher");
        await using var shouting = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "TEACHER");
        Assert.Equal("TEACHER1", shouting.Name);

        await using var cyrillic = await ChatTestClient.ConnectAsync(Cluster.Gateway(2));
        Assert.Equal(ChatText.Ack, await cyrillic.ReceiveAsync());
        await cyrillic.SendAsync("t\u0435acher");
        Assert.StartsWith("Error: Username may contain only the letters A-Z", Assert.Single(await cyrillic.ReadUntilClosedAsync()));
    }

    [Fact]
    public async Task A_second_login_takes_over_and_the_first_connection_is_told_why_and_closed()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var first = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "laptop");
        await first.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await first.ReceiveAsync());
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "listener");

        // From a phone on the other gateway, and then a third time on the first one.
        await using var second = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "phone");
        await second.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await second.ReceiveAsync());
        Assert.Equal([ChatText.LoggedInElsewhere], (await first.ReadUntilClosedAsync()).Where(f => f == ChatText.LoggedInElsewhere));

        await using var third = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "tablet");
        await third.SendAsync($"/login TEACHER {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await third.ReceiveAsync());
        Assert.Contains(ChatText.LoggedInElsewhere, await second.ReadUntilClosedAsync());

        await listener.SendAsync("/pm teacher only the newest gets this");
        await third.WaitForAsync("(PM) listener: only the newest gets this\n");
        await listener.SendAsync("/lo");
        Assert.Equal(ChatText.Online(["listener", "teacher"]), await listener.WaitForOnlineListAsync());
    }

    [Fact]
    public async Task Repeated_wrong_passwords_slow_the_account_down_and_logout_keeps_the_account()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var guesser = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guesser");
        for (var i = 0; i < 3; i++)
        {
            await guesser.SendAsync($"/login teacher guess number {i}");
            Assert.Equal(ChatText.Error(ChatText.WrongPassword), await guesser.ReceiveAsync());
        }

        // Even the right password waits now: the guesser cannot tell which guesses were close.
        await guesser.SendAsync($"/login teacher {Password}");
        Assert.StartsWith("Error: Too many failed logins for this account or from your address. Try again in", await guesser.ReceiveAsync());

        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await Eventually.TrueAsync(async () =>
        {
            await teacher.SendAsync($"/login teacher {Password}");
            return await teacher.ReceiveAsync() == ChatText.LoggedIn("teacher");
        }, "the teacher can log in once the wait is over");

        await teacher.SendAsync("/logout");
        // Others' comings and goings may arrive meanwhile (never her own: the login's notices leave her out).
        Assert.Equal([ChatText.LoggedOut("teacher")],
            (await teacher.ReadUntilClosedAsync()).Where(f => !f.EndsWith(" is now online.\n", StringComparison.Ordinal)));
        await using var again = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "teacher");
        Assert.Equal("teacher1", again.Name);
    }

    [Fact]
    public async Task A_login_registers_the_account_before_it_frees_the_guest_name()
    {
        // A gateway's lease renewal counts its users in the directory and puts them back when there are fewer
        // than it has connected (they were lost in an outage). A login that freed "guest" before it registered
        // "teacher" let a renewal in between count one too few: "guest" came back as a ghost, and the teacher
        // read that the directory had lost track of her. The gateway's list of users must never shrink first.
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Cluster.Redis.ConnectionString + ",allowAdmin=true");
        await admin.GetServers()[0].ConfigSetAsync("notify-keyspace-events", "Kh");
        var gatewayUsers = Cluster.Services(1).GetRequiredService<ChatKeys>().GatewayUsers(Cluster.GatewayId(1));
        // A queue, not a handler: StackExchange.Redis may run handlers for one channel out of order.
        var changes = await admin.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"__keyspace@0__:{gatewayUsers}"));

        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("hset", (await changes.ReadAsync(timeout.Token)).Message);
        while ((await changes.ReadAsync(timeout.Token)).Message != "hdel")
        {
        }

        Assert.Equal(["teacher"], (await admin.GetDatabase().HashKeysAsync(gatewayUsers)).Select(k => (string)k!));
    }

    [Fact]
    public async Task An_account_changes_its_password_and_the_old_one_stops_working()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await ann.SendAsync("/password a new password");
        Assert.Equal(ChatText.NotLoggedIn, await ann.ReceiveAsync());
        // A guest has no password to change, whatever it typed: it hears that before any rule of passwords.
        await ann.SendAsync("/password short");
        Assert.Equal(ChatText.NotLoggedIn, await ann.ReceiveAsync());
        await ann.SendAsync($"/register {Password}");
        Assert.Equal(ChatText.Registered("ann"), await ann.ReceiveAsync());
        // A rule broken is an error; an answer about the chat as it is (below) is plain, as /mute's.
        await ann.SendAsync("/password short");
        Assert.Equal(ChatText.Error(Passwords.Validate("short")!), await ann.ReceiveAsync());
        await ann.SendAsync("/password a new password");
        Assert.Equal(ChatText.PasswordChanged, await ann.ReceiveAsync());
        await ann.SendAsync("/resetpassword ben some password");
        Assert.Equal(ChatText.NotModerator, await ann.ReceiveAsync());
        await ann.SendAsync("/quit");
        await ann.ReadUntilClosedAsync();

        await using var back = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest");
        await back.SendAsync($"/login ann {Password}");
        Assert.Equal(ChatText.Error(ChatText.WrongPassword), await back.ReceiveAsync());
        await back.SendAsync("/login ann a new password");
        Assert.Equal(ChatText.LoggedIn("ann"), await back.ReceiveAsync());
    }

    [Fact]
    public async Task Register_refuses_a_short_password_and_says_so_when_the_user_is_logged_in_to_the_account_already()
    {
        await using var user = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "newbie");
        await user.SendAsync("/register short");
        Assert.Equal(ChatText.Error(Passwords.Validate("short")!), await user.ReceiveAsync());
        await user.SendAsync("/logout");
        Assert.Equal(ChatText.NotLoggedIn, await user.ReceiveAsync());

        await user.SendAsync($"/register {Password}");
        Assert.Equal(ChatText.Registered("newbie"), await user.ReceiveAsync());
        await user.SendAsync($"/register {Password}");
        Assert.Equal(ChatText.AlreadyLoggedIn("newbie"), await user.ReceiveAsync());
    }
}
