using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// Presence grants a name (or moves a login to an account) and its answer never reaches the gateway (a connection
/// dropped on the way back, every retry alike): the client hears "try again", but the directory holds the name
/// for that connection's token. It stayed so, listed by /lo, keeping a guest's name from its owner and an
/// account's PMs from its next login, until the gateway stopped. A lost /login answer now also closes the
/// connection, which would otherwise go on under a guest name the directory has freed.
/// </summary>
public sealed class LostLoginAnswerTests : ClusterTest
{
    private const string Password = "correct horse battery";

    // While set, every answer presence gives gateway 1 to a claim (a /login) is lost after presence carried it out.
    private volatile bool _loseClaimAnswers;
    private volatile bool _loseLoginAnswers;

    protected override Task<ChatCluster> StartClusterAsync()
    {
        var claims = PresenceAnswerProbe.OnGateway(1, "/v1/sessions", () => _loseClaimAnswers ? LoseAnswer : null);
        var logins = PresenceAnswerProbe.OnGateway(1, "/v1/logins", () => _loseLoginAnswers ? LoseAnswer : null);
        return ChatCluster.StartAsync(2, configureGateway: (n, builder) =>
        {
            claims(n, builder);
            logins(n, builder);
        });
    }

    private static Task LoseAnswer() =>
        throw new HttpRequestException(HttpRequestError.ResponseEnded, "test: presence's answer was lost on its way back");

    [Fact]
    public async Task A_name_granted_to_a_login_whose_answer_was_lost_is_freed_once_that_connection_closes()
    {
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        _loseClaimAnswers = true;
        await using (var ann = await ChatTestClient.ConnectAsync(Cluster.Gateway(1)))
        {
            Assert.Equal(ChatText.Ack, await ann.ReceiveAsync());
            await ann.SendAsync("ann");
            Assert.Equal([ChatText.Error(ChatText.DirectoryUnavailable)], await ann.ReadUntilClosedAsync());
        }

        _loseClaimAnswers = false;

        // Presence did grant it: everyone was told ann came online. Gateway 1 finds the login no connection holds
        // at its next lease renewal and ends it.
        await bob.WaitForAsync("ann is now online.\n");
        await bob.WaitForAsync("ann has gone offline.\n");
        await using var annAgain = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        Assert.Equal("ann", annAgain.Name);
    }

    [Fact]
    public async Task An_account_login_whose_answer_was_lost_is_ended_once_that_connection_closes()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");

        _loseLoginAnswers = true;
        await using (var miss = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "miss"))
        {
            await miss.SendAsync($"/login teacher {Password}");
            // Going on as "miss", a name the directory has freed for anyone, would let two people share it.
            Assert.Equal([ChatText.Error(ChatText.LoginUnconfirmed)], await miss.ReadUntilClosedAsync());
        }

        _loseLoginAnswers = false;

        // Presence moved the login to the account; the connection that held it is closed, so the account is
        // away again rather than listed online with nobody behind it.
        await bob.WaitForAsync("teacher is now online.\n");
        await bob.WaitForAsync("teacher has gone offline.\n");
        await bob.SendAsync("/lo");
        Assert.Equal(ChatText.Online(["bob"]), await bob.WaitForOnlineListAsync());
    }
}
