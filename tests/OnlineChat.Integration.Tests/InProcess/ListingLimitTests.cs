using System.Net.Http.Json;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// How many names one /lo or /listallg answer shows (Gateway:MaxListedNames, 2 here): the answer says how many
/// matched and how to narrow it, and /lo &lt;text&gt;, /listallg &lt;text&gt; show those whose name contains the text.
/// </summary>
public sealed class ListingLimitTests : ClusterTest
{
    protected override Task<ChatCluster> StartClusterAsync() =>
        ChatCluster.StartAsync(2, gatewaySettings: new() { ["Gateway:MaxListedNames"] = "2" });

    [Fact]
    public async Task A_listing_longer_than_the_limit_shows_the_first_names_says_how_many_and_narrows_by_text()
    {
        await using var ann = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "ann");
        await using var hannah = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "Hannah");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "bob");
        await Eventually.TrueAsync(async () => (await Cluster.Directory.OnlineUsersAsync()).Count == 3, "all three are online");

        await bob.SendAsync("/lo");
        Assert.Equal("Online (the first 2 of 3; narrow it with /lo <text>): Hannah, ann\n", await bob.ReceiveAsync());
        await bob.SendAsync("/lo AN");
        Assert.Equal("Online with \"AN\" in their name: Hannah, ann\n", await bob.ReceiveAsync());
        await bob.SendAsync("/lo zed");
        Assert.Equal("Nobody online has \"zed\" in their name.\n", await bob.ReceiveAsync());

        foreach (var group in new[] { "algebra", "maths", "physics" })
        {
            await ann.SendAsync($"/cg {group}");
            Assert.Equal($"Group {group} created.\n", await ann.ReceiveAsync());
        }

        await bob.SendAsync("/listallg");
        Assert.Equal("Groups (the first 2 of 3; narrow it with /listallg <text>):\n  algebra (owner ann, 1 member)\n  maths (owner ann, 1 member)\n",
            await bob.ReceiveAsync());
        await bob.SendAsync("/listallg PHY");
        Assert.Equal("Groups with \"PHY\" in their name:\n  physics (owner ann, 1 member)\n", await bob.ReceiveAsync());
        await bob.SendAsync("/listallg chem");
        Assert.Equal("No groups with \"chem\" in their name.\n", await bob.ReceiveAsync());
        await bob.SendAsync("/lo a b");
        Assert.Equal(ChatText.Usage.ListOnline + "\n", await bob.ReceiveAsync());

        // Presence cuts the listing, so a gateway is sent the names it shows, not every one online.
        using var http = new HttpClient { BaseAddress = Cluster.PresenceUrl };
        var online = await http.GetFromJsonAsync<OnlineListingResponse>("/v1/users?max=2");
        Assert.Equal(["Hannah", "ann"], online!.Names);
        Assert.Equal(3, online.Total);
        var groups = await http.GetFromJsonAsync<GroupListingResponse>("/v1/groups?user=bob&max=1&containing=S");
        Assert.Equal(["maths"], groups!.Groups.Select(g => g.Group));
        Assert.Equal(2, groups.Total);
    }
}
