using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A deployment that keeps no transcripts (History:MessagesPerConversation=0): /history says so, Redis holds
/// no conversation's messages, and nothing-lost still holds, since that rests on the message log.
/// </summary>
public sealed class NoConversationHistoryTests : ClusterTest
{
    private const string Password = "correct horse battery";

    protected override Task<ChatCluster> StartClusterAsync()
    {
        var noHistory = new Dictionary<string, string?> { ["History:MessagesPerConversation"] = "0" };
        return ChatCluster.StartAsync(2, gatewaySettings: noHistory, presenceSettings: new(noHistory));
    }

    [Fact]
    public async Task Messages_go_out_as_usual_but_no_conversation_keeps_them_and_history_says_so()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var ben = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "ben");
        await ann.FormGroupWithAsync(ben, "Club");
        await ann.SendAsync("to the room");
        await ben.WaitForAsync("ann: to the room\n");
        await ann.SendAsync("/gc Club to the club");
        await ben.WaitForAsync("(Club) ann: to the club\n");
        await ben.SendAsync("/pm ann to ann");
        await ann.WaitForAsync("(PM) ben: to ann\n");

        foreach (var ask in new[] { "/history", "/history Club", "/history ben" })
        {
            await ann.SendAsync(ask);
            Assert.Equal(ChatText.HistoryNotKept, await ann.ReceiveAsync());
        }

        var redis = Cluster.Services(1).GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        Assert.Empty(server.Keys(pattern: Cluster.Redis.KeyPrefix + "history:*"));
        Assert.True(await redis.GetDatabase().StreamLengthAsync(Cluster.Redis.KeyPrefix + "log") >= 3, "the log still has the messages");
    }

    [Fact]
    public async Task An_account_still_gets_what_it_missed_from_the_log()
    {
        await Cluster.RegisterAccountAsync("teacher", Password);
        await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "student");
        await student.SendAsync("/pm teacher are you there?");
        Assert.Equal(ChatText.OfflineAccount("teacher"), await student.ReceiveAsync());

        await using var teacher = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "guest");
        await teacher.SendAsync($"/login teacher {Password}");
        Assert.Equal(ChatText.LoggedIn("teacher"), await teacher.ReceiveAsync());
        Assert.Matches(@"^\[missed [\d:]+\] \(PM\) student: are you there\?\n$", await teacher.ReceiveAsync());
        Assert.Equal(ChatText.MissedSummary(1), await teacher.ReceiveAsync());
    }
}
