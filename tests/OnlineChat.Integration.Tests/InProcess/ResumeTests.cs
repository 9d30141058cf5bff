using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Resuming (docs/protocol.md, "Resuming") when a connection drops or its gateway stops, against real gateways
/// and a real redis-server. A gateway killed outright is in NothingLostTests, against the real AppHost.
/// </summary>
public sealed class ResumeTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2, presenceSettings: new()
    {
        ["Presence:ResumeWindow"] = "00:00:03",
    });

    [Fact]
    public async Task A_client_whose_gateway_stops_resumes_on_the_other_with_its_name_groups_and_what_it_missed_unseen_by_others()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ann");
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await ben.FormGroupWithAsync(ann, "Club");

        await Cluster.StopGatewayAsync(1);
        Assert.Contains(ChatText.ShuttingDown, await ben.ReadUntilClosedAsync());
        await ben.DisposeAsync();
        // Sent while ben has no connection: all accepted, kept for him.
        await ann.SendAsync("/pm ben one");
        await ann.SendAsync("/gc Club two");
        await ann.SendAsync("three");

        var (back, missed) = await ben.ResumeAsync(Cluster.Gateway(2));
        await using (back)
        {
            Assert.Equal("ben", back.Name);
            Assert.Equal(["(PM) ann: one\n", "(Club) ann: two\n", "ann: three\n"], missed);
            await ann.SendAsync("/gc Club four");
            Assert.Equal("(Club) ann: four\n", await back.ReceiveAsync());
            await back.SendAsync("/listg");
            Assert.Equal("Your groups: Club\n", await back.ReceiveAsync());
        }

        await ann.SendAsync("/listg");
        var seen = await ann.WaitForAsync("Your groups: Club\n");
        Assert.DoesNotContain("ben has gone offline.\n", seen);
        Assert.DoesNotContain("ben has just left group Club.\n", seen);
        Assert.DoesNotContain(seen, line => line.StartsWith("Error:", StringComparison.Ordinal) || line.Contains("could not be found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_resumes_on_the_same_gateway_and_a_second_resume_gets_nothing_twice()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await ann.SendAsync("/pm ben before");
        Assert.Equal("(PM) ann: before\n", await ben.ReceiveAsync());
        await ben.DisposeAsync(); // The network goes: no /quit.

        await ann.SendAsync("/pm ben during");
        var (first, missed) = await ben.ResumeAsync(Cluster.Gateway(1));
        Assert.Equal(["(PM) ann: during\n"], missed);
        await first.DisposeAsync();

        var (second, again) = await first.ResumeAsync(Cluster.Gateway(2));
        await using (second)
        {
            Assert.Empty(again);
        }
    }

    /// <summary>
    /// A client that logs in to an account and drops before any line after the login reached it resumes from
    /// before the login (its own last position), or from further back (here ann's, taken before the visitor
    /// connected, which the log holds the guest's own arrival after).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_login_to_an_account_resuming_from_before_it_is_not_told_of_itself(bool fromBeforeItsArrival)
    {
        await Cluster.RegisterAccountAsync("carol", "carol's password", gateway: 2);
        await using var ann = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(2), "ann");
        var beforeArrival = ann.LastSeen;
        var visitor = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "visitor");
        await ann.WaitForAsync("visitor is now online.\n");
        var beforeLogin = visitor.LastSeen;
        await visitor.SendAsync("/login carol carol's password");
        Assert.Equal(ChatText.LoggedIn("carol"), await visitor.ReceiveAsync());
        await visitor.WaitForPrefixAsync("/session carol ");
        // Everyone else hears of the login; the login itself never does, live or (below) from the log.
        await ann.WaitForAsync("carol is now online.\n");
        await ann.SendAsync("/pm carol welcome back");
        Assert.Equal("(PM) ann: welcome back\n", await visitor.ReceiveAsync());
        await visitor.DisposeAsync();

        // Not the guest's arrival, its going offline or the account coming online: each is about this login.
        // (Presence logs a login's notice after granting the name, racing the position the gateway gives the
        // client: ann's own arrival may come after either position. Not what this test is about.)
        var (back, missed) = await visitor.ResumeAsync(Cluster.Gateway(2), lastSeen: fromBeforeItsArrival ? beforeArrival : beforeLogin);
        await using (back)
        {
            Assert.Equal(["(PM) ann: welcome back\n"], missed.Where(line => line is not "ann is now online.\n"));
        }
    }

    [Fact]
    public async Task Past_its_window_a_login_ends_as_usual_and_resuming_says_messages_may_be_missing()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(2), "ben");
        await ben.DisposeAsync();
        await ann.WaitForAsync("ben has gone offline.\n"); // After the 3 s window.

        var late = await ChatTestClient.ConnectAsync(Cluster.Gateway(1));
        await using (late)
        {
            Assert.Equal(ChatText.Ack, await late.ReceiveAsync());
            await late.SendAsync($"{Handshake.Command} resume ben {ben.Secret} {ben.LastSeen}");
            Assert.Equal("ben", await late.ReceiveAsync());
            Assert.Equal(ChatText.Welcome, await late.ReceiveAsync());
            Assert.Equal(ChatText.ResumeExpired, await late.ReceiveAsync());
            Assert.StartsWith("/session ben ", await late.ReceiveAsync());
        }
    }

    [Fact]
    public async Task A_resume_with_a_wrong_secret_is_a_new_login_and_takes_nothing_over()
    {
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await using (ben)
        {
            var thief = await ChatTestClient.ConnectAsync(Cluster.Gateway(2));
            await using (thief)
            {
                Assert.Equal(ChatText.Ack, await thief.ReceiveAsync());
                await thief.SendAsync($"{Handshake.Command} resume ben guessed {ben.LastSeen}");
                Assert.Equal("ben1", await thief.ReceiveAsync());
            }

            await ben.SendAsync("/listg");
            Assert.Equal(ChatText.NoGroupsOfMine, await ben.ReceiveAsync());
        }
    }

    [Fact]
    public async Task A_numbered_message_is_acknowledged_and_sending_it_again_after_a_resume_delivers_it_once()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ann");
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await ben.SendAsync(NumberedFrame.Format(1, "/pm ann first"));
        Assert.Equal(NumberedFrame.Ack(1), await ben.ReceiveAsync());
        Assert.Equal("(PM) ben: first\n", await ann.ReceiveAsync());
        await ben.SendAsync(NumberedFrame.Format(2, "second"));
        Assert.Equal(NumberedFrame.Ack(2), await ben.ReceiveAsync());
        await ann.WaitForAsync("ben: second\n");
        await ben.DisposeAsync();

        // The client did not see the acknowledgements (say): it sends both again, then a new one.
        var (back, _) = await ben.ResumeAsync(Cluster.Gateway(2));
        await using (back)
        {
            await back.SendAsync(NumberedFrame.Format(1, "/pm ann first"));
            await back.SendAsync(NumberedFrame.Format(2, "second"));
            await back.SendAsync(NumberedFrame.Format(3, "/pm ann third"));
            // A broadcast is acknowledged when Redis has it, so its acknowledgement may come after a later one's.
            string[] acks = [await back.ReceiveAsync(), await back.ReceiveAsync(), await back.ReceiveAsync()];
            Assert.Equal([NumberedFrame.Ack(1), NumberedFrame.Ack(2), NumberedFrame.Ack(3)], acks.Order());
            Assert.Equal("(PM) ben: third\n", await ann.ReceiveAsync());
        }
    }

    [Fact]
    public async Task A_connection_that_drops_while_presence_is_down_can_still_be_resumed_once_it_is_back()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ann");
        var ben = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ben");
        await Cluster.StopPresenceAsync();
        await ben.DisposeAsync();
        // Messages never pass through presence: this one is accepted and kept for ben.
        await ann.SendAsync("/pm ben while presence was down");
        await ann.SendAsync("/history ben");
        await ann.WaitForPrefixAsync("History of your PMs with ben");

        await Cluster.RestartPresenceAsync();
        await Cluster.WaitForDirectoryAsync();
        // The gateway tells presence about the drop when it can (its lease loop retries): a suspension, not a logout.
        await Eventually.TrueAsync(() => Cluster.Directory.IsSuspendedAsync("ben"), "ben's login is kept for him");
        var (back, missed) = await ben.ResumeAsync(Cluster.Gateway(2));
        await using (back)
        {
            Assert.Equal(["(PM) ann: while presence was down\n"], missed);
        }

        await ann.SendAsync("/listg");
        Assert.DoesNotContain("ben has gone offline.\n", await ann.WaitForAsync(ChatText.NoGroupsOfMine));
    }
}
