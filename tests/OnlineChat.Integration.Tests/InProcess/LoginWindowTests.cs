using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A message for a user sent the moment their name is granted, before their gateway has the session in place
/// (presence's answer on its way back): the relay has nobody to give it to, so the session reads it from the
/// log when it attaches, from where the log ended at the grant. It was lost for every new login but a paced
/// one's pauses.
/// </summary>
public sealed class LoginWindowTests : ClusterTest
{
    // Set by the test: run once when presence's answer to a claim reaches gateway 1, before the gateway acts on it.
    private Func<Task>? _atClaimAnswer;

    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        configureGateway: PresenceAnswerProbe.OnGateway(1, "/v1/sessions", () => Interlocked.Exchange(ref _atClaimAnswer, null)));

    [Theory]
    [InlineData(false)] // a seed-style client: its handshake is paced
    [InlineData(true)] // a client that resumes (the console client): lines carry their log ids
    public async Task A_pm_sent_as_the_name_is_granted_reaches_the_new_user(bool resumable)
    {
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        _atClaimAnswer = async () =>
        {
            // ann has her name in the directory; gateway 1 has not heard so yet.
            await bob.SendAsync("/pm ann you made it");
            await bob.SendAsync("/lo"); // answered once the PM is published: bob's frames are handled in order
            await bob.WaitForOnlineListAsync();
        };

        await using var ann = await ChatTestClient.ConnectAsync(Cluster.Gateway(1));
        Assert.Equal(ChatText.Ack, await ann.ReceiveAsync());
        await ann.SendAsync(resumable ? $"{Handshake.Command} new ann" : "ann");
        Assert.Equal("ann", await ann.ReceiveAsync());
        Assert.Null(_atClaimAnswer); // the probe ran
        Assert.Equal(ChatText.Welcome, await ann.ReceiveAsync());
        // Before the session line of a client that resumes, as everything the log held for it at its attach.
        Assert.Equal("(PM) bob: you made it\n", await ann.ReceiveAsync());
        if (resumable)
        {
            Assert.StartsWith("/session ann ", await ann.ReceiveAsync(), StringComparison.Ordinal);
            Assert.True(ann.LastSeen > LogId.Zero, "the PM came with its log id");
        }
    }
}
