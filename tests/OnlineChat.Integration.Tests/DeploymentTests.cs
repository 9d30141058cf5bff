using System.Net.Sockets;
using System.Text.RegularExpressions;
using Aspire.Hosting;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// Two whole systems on one machine, as two people running ./run.sh side by side would have them: neither
/// may reach the other's presence or Redis, and each says it is ready only when its gateways take clients.
/// </summary>
public sealed partial class DeploymentTests : IAsyncLifetime
{
    private readonly ChatSystemFixture _first = new();
    private readonly ChatSystemFixture _second = new();
    private readonly List<(int Port, bool Accepted)> _probedAtReadyLine = [];

    public async Task InitializeAsync()
    {
        // Runs as the line is logged: were the ports it names taking connections at that very moment?
        _first.Log.OnMessage = message =>
        {
            if (ReadyLine().Match(message) is { Success: true } ready)
            {
                foreach (var port in ready.Groups["ports"].Value.Split(", ").Select(int.Parse))
                {
                    _probedAtReadyLine.Add((port, Accepts(port)));
                }
            }
        };
        await _first.StartAsync(gateways: 2);
        await _second.StartAsync(gateways: 1);
    }

    [Fact]
    public void The_ready_line_is_printed_when_every_gateway_accepts_connections()
    {
        var expected = new[] { 1, 2 }.Select(n => (_first.Gateway(n).Port, true)).ToList();
        Assert.Equal(expected, _probedAtReadyLine);
    }

    [Fact]
    public async Task Two_deployments_side_by_side_each_give_the_same_name_to_their_own_user()
    {
        var name = ChatTestClient.UniqueName("teacher");
        await using var inFirst = await ChatTestClient.LoginAsync(_first.Gateway(1), name);
        await using var inSecond = await ChatTestClient.LoginAsync(_second.Gateway(1), name);
        Assert.Equal(name, inFirst.Name);
        Assert.Equal(name, inSecond.Name);

        await inSecond.SendAsync("/lo");
        Assert.Equal($"Online: {name}\n", await inSecond.ReceiveAsync());
        await using var firstsOther = await ChatTestClient.LoginAsync(_first.Gateway(2), ChatTestClient.UniqueName("student"));
        await firstsOther.SendAsync($"/pm {name} only for the first");
        await inFirst.WaitForAsync($"(PM) {firstsOther.Name}: only for the first\n");
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^OnlineChat is ready: \d+ gateways on ports (?<ports>[\d, ]+)\.")]
    private static partial Regex ReadyLine();

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }
}
