using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Gateway;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The operator's drain (the dashboard command posts /admin/drain): users move, nothing is left behind.</summary>
public sealed class DrainTests : ClusterTest
{
    [Fact]
    public async Task Draining_tells_users_to_move_logs_them_out_and_refuses_newcomers_until_resumed()
    {
        await using var alice = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "alice");
        await using var bob = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "bob");
        using var http = new HttpClient { BaseAddress = AdminUrl(1) };

        using (var response = await http.PostAsync("/admin/drain", null))
        {
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(ChatText.Draining, (await alice.ReadUntilClosedAsync())[^1]);
        await bob.WaitForAsync("alice has gone offline.\n");
        await using (var newcomer = await ChatTestClient.ConnectAsync(Cluster.Gateway(1)))
        {
            Assert.Equal([ChatText.Error(ChatText.GatewayDraining)], await newcomer.ReadUntilClosedAsync());
        }

        // Alice moves to the other gateway and keeps her name.
        await using var moved = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "alice");
        Assert.Equal("alice", moved.Name);

        var status = await http.GetFromJsonAsync<Status>("/admin/status");
        Assert.Equal(new Status(true, 0), status);

        (await http.PostAsync("/admin/resume", null)).EnsureSuccessStatusCode();
        await using var back = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "carol");
        Assert.Equal("carol", back.Name);
    }

    private sealed record Status(bool Draining, int Users);

    /// <summary>The gateway's HTTP address: the bound address that is not the chat port.</summary>
    private Uri AdminUrl(int n)
    {
        var addresses = Cluster.Services(n).GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var chatPort = Cluster.Services(n).GetRequiredService<ChatEndpoint>().Port;
        return new Uri(addresses.Select(a => new Uri(a)).Single(a => a.Port != chatPort).ToString());
    }
}
