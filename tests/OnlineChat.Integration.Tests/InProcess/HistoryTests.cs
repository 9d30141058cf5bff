using System.Text;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>/history and what an account missed while away, against real gateways and a real redis-server.</summary>
public sealed class HistoryTests : ClusterTest
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_full_page_of_the_longest_messages_is_cut_to_the_newest_that_fit_in_half_the_clients_queue()
    {
        // 200 messages as long as a line may be are 1.6 MB, in one frame that goes to the client's queue at once:
        // on a slow link more than its limit (Gateway:OutboundQueueBytes, 1 MiB) would wait and the client would
        // be cut off for asking. The answer holds the newest that fit in half of it.
        const int PerSender = 20;
        await using var reader = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "reader");
        var senders = new List<ChatTestClient>();
        for (var i = 0; i < MessageLog.MaxHistoryPage / PerSender; i++)
        {
            // Spread over both gateways, within each connection's burst and each address's.
            senders.Add(await ChatTestClient.LoginAsync(Cluster.Gateway(1 + (i % 2)), $"s{i}"));
        }

        var longest = new string('x', ChatLimits.MaxLineBytes);
        await Task.WhenAll(senders.Select(async sender =>
        {
            for (var n = 0; n < PerSender; n++)
            {
                await sender.SendAsync(longest);
            }
        }));
        for (var heard = 0; heard < MessageLog.MaxHistoryPage; heard++)
        {
            Assert.EndsWith(": " + longest + "\n", await reader.ReceiveAsync(), StringComparison.Ordinal);
        }

        await reader.SendAsync($"/history {MessageLog.MaxHistoryPage}");
        var page = await reader.ReceiveAsync();
        string[] lines = [.. page.Split('\n').Where(line => line.EndsWith(longest, StringComparison.Ordinal)).Select(line => line + "\n")];
        Assert.StartsWith($"History of the room (last {lines.Length}, times UTC; the older ones asked for do not fit in one answer):\n", page, StringComparison.Ordinal);
        const int half = 1024 * 1024 / 2;
        var bytes = lines.Sum(Encoding.UTF8.GetByteCount);
        Assert.InRange(bytes, half - Encoding.UTF8.GetByteCount(lines[0]) + 1, half);
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
    }

    [Fact]
    public async Task History_shows_the_room_a_group_of_yours_and_your_pms_with_a_user_with_times()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var ben = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ben");
        await ann.FormGroupWithAsync(ben, "Club");
        for (var i = 1; i <= 3; i++)
        {
            await ann.SendAsync($"room {i}");
            await ben.WaitForAsync($"ann: room {i}\n");
        }

        await ann.SendAsync("/gc Club in the club");
        await ben.WaitForAsync("(Club) ann: in the club\n");
        await ben.SendAsync("/pm ann just us");
        await ann.WaitForAsync("(PM) ben: just us\n");

        // A latecomer sees the room, with the time each line was accepted.
        await using var late = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "late");
        await late.SendAsync("/history 2");
        Assert.Matches(@"^History of the room \(last 2, times UTC\):\n\[\d\d:\d\d:\d\d\] ann: room 2\n\[\d\d:\d\d:\d\d\] ann: room 3\n$", await late.ReceiveAsync());

        await ben.SendAsync("/history club");
        Assert.Matches(@"^History of group Club \(last 1, times UTC\):\n\[[\d:]+\] \(Club\) ann: in the club\n$", await ben.ReceiveAsync());
        await ann.SendAsync("/history BEN");
        Assert.Matches(@"^History of your PMs with ben \(last 1, times UTC\):\n\[[\d:]+\] \(PM\) ben: just us\n$", await ann.ReceiveAsync());

        // Nobody else reads a group or PMs of others.
        await late.SendAsync("/history Club");
        Assert.Equal(ChatText.NoHistory("Club"), await late.ReceiveAsync());
        await late.SendAsync("/history ann");
        Assert.Equal("No messages in your PMs with ann yet.\n", await late.ReceiveAsync());
        await late.SendAsync("/history ann 0");
        Assert.StartsWith("Error: The number of messages must be", await late.ReceiveAsync());
    }

    [Fact]
    public async Task A_group_named_like_a_user_leaves_the_pms_with_that_user_readable_with_a_mark()
    {
        // Names of groups and users are alike: ben's group "ann" took /history ann, and the console client's
        // PM pane with ann (which asked for it by that name) showed the group's page.
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var ben = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ben");
        await ben.SendAsync("/cg ann");
        await ben.WaitForAsync("Group ann created.\n");
        await ben.SendAsync("/gc ann to the group"); // a sender hears nothing back; its /history comes after it
        await ann.SendAsync("/pm ben to ben");
        await ben.WaitForAsync("(PM) ann: to ben\n");

        // A bare name is the group of yours first, as before.
        await ben.SendAsync("/history ann");
        Assert.Matches(@"^History of group ann \(last 1, times UTC\):\n\[[\d:]+\] \(ann\) ben: to the group\n$", await ben.ReceiveAsync());
        await ben.SendAsync("/history @ANN");
        Assert.Matches(@"^History of your PMs with ann \(last 1, times UTC\):\n\[[\d:]+\] \(PM\) ann: to ben\n$", await ben.ReceiveAsync());
        await ben.SendAsync("/history #ann 1");
        Assert.StartsWith("History of group ann (last 1,", await ben.ReceiveAsync(), StringComparison.Ordinal);

        // Marked, a name is looked for as that and nothing else.
        await ann.SendAsync("/history #ann");
        Assert.Equal("No group ann of yours: there is no history to show.\n", await ann.ReceiveAsync());
        await ann.SendAsync("/history #ben");
        Assert.Equal("No group ben of yours: there is no history to show.\n", await ann.ReceiveAsync());
        await ann.SendAsync("/history @nobody");
        Assert.Equal("No user nobody: there is no history to show.\n", await ann.ReceiveAsync());
        await ann.SendAsync("/history @");
        Assert.Equal("Error: Username must not be empty.\n", await ann.ReceiveAsync());
    }

    [Fact]
    public async Task An_account_gets_the_pms_and_group_messages_it_missed_once_in_order_marked_then_a_summary()
    {
        await using (var owner = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "teacher"))
        {
            await owner.SendAsync($"/register {Password}");
            Assert.Equal(ChatText.Registered("teacher"), await owner.ReceiveAsync());
            await owner.SendAsync("/cg Class");
            await owner.WaitForAsync("Group Class created.\n");
            await owner.SendAsync("/quit");
            await owner.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("teacher") is null, "teacher is away");
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await student.SendAsync("/jg class");
        await student.WaitForAsync("student has joined group Class.\n");
        await student.SendAsync("/pm teacher are you there?");
        Assert.Equal(ChatText.OfflineAccount("teacher"), await student.ReceiveAsync());
        await student.SendAsync("/gc Class homework question");
        await student.SendAsync("everyone: not for the teacher's missed list");
        await student.SendAsync("/pm TEACHER second one");
        Assert.Equal(ChatText.OfflineAccount("teacher"), await student.ReceiveAsync()); // named as registered

        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(PM\) student: are you there\?\n$", await teacher.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(Class\) student: homework question\n$", await teacher.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(PM\) student: second one\n$", await teacher.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(3), await teacher.ReceiveAsync());

        // Live from now on, and only once: a second login later misses nothing of this.
        await student.SendAsync("/pm teacher now live");
        Assert.Equal("(PM) student: now live\n", await teacher.ReceiveAsync());
        await teacher.SendAsync("/logout");
        await teacher.ReadUntilClosedAsync();
        await Eventually.TrueAsync(async () => await Cluster.Directory.LocateAsync("teacher") is null, "teacher is away again");
        await using var again = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "guest2");
        await again.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await again.ReceiveAsync());
        await again.SendAsync("/listg");
        Assert.Equal("Your groups: Class\n", await again.ReceiveAsync());
    }
}
