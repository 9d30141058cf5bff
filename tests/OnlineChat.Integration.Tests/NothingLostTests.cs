using System.Diagnostics;
using System.Text.RegularExpressions;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// Numbered broadcasts, PMs and group messages keep flowing while part of the real system dies: every one the
/// sender got no error for reaches the listener, once and in order. Its own system, since the tests kill parts of it.
/// </summary>
public sealed partial class NothingLostTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    /// <summary>Messages per test, in turn a broadcast, a PM and a group message; paced within the default rate limit (20/s).</summary>
    private const int Messages = 90;

    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(60);

    [Fact]
    public async Task A_resumed_client_gets_every_message_in_order_without_duplicates_after_its_gateway_is_killed()
    {
        var (sender, listenerName, group) = await SetUpAsync(listenerGateway: 3, resumable: true);
        await using var observer = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("observer"));
        var listener = Listener!;
        var got = new List<string>();

        var sending = SendNumberedAsync(sender, listenerName, group);
        got.AddRange(await ReadNumberedAsync(listener, atLeast: 10));
        system.KillProcessOf(ChatSystemFixture.GatewayName(3));
        var away = Stopwatch.StartNew();
        got.AddRange(Numbered(await listener.ReadUntilClosedAsync()));
        await listener.DisposeAsync();

        var (resumed, missed) = await listener.ResumeAsync(system.Gateway(2));
        await using (resumed)
        {
            var back = away.Elapsed;
            got.AddRange(Numbered(missed));
            await sending;
            got.AddRange(await ReadUntilLastAsync(resumed, got));

            AssertEveryNumberOnceInOrder(got, refused: await RefusalsAsync(sender, group));
            Assert.True(back < TimeSpan.FromSeconds(5), $"back after {back.TotalSeconds:0.0} s");
        }

        // Nobody saw the listener leave: it was away for less than the resume window.
        await observer.SendAsync("/listg");
        var seen = await observer.WaitForAsync(ChatText.NoGroupsOfMine);
        Assert.DoesNotContain($"{listenerName} has gone offline.\n", seen);
        Assert.DoesNotContain($"{listenerName} is now online.\n", seen);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task No_accepted_message_is_lost_while_redis_server_is_killed_and_comes_back()
    {
        var (sender, listenerName, group) = await SetUpAsync(listenerGateway: 2, resumable: false);
        var listener = Listener!;
        var got = new List<string>();

        var sending = SendNumberedAsync(sender, listenerName, group);
        got.AddRange(await ReadNumberedAsync(listener, atLeast: 10));
        system.KillProcessOf("redis-server");
        await sending;
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("redis-server").WaitAsync(ChatSystemFixture.StartTimeout);

        var refused = await RefusalsAsync(sender, group);
        Assert.True(refused > 0, "nothing was refused: redis-server was not down while messages were sent, so this test showed nothing");
        got.AddRange(await ReadUntilCountAsync(listener, Messages - refused - got.Count));
        AssertEveryNumberOnceInOrder(got, refused);
        await listener.DisposeAsync();
        await sender.DisposeAsync();
    }

    private ChatTestClient? Listener { get; set; }

    /// <summary>A sender on gateway 1 and a listener elsewhere, both in a new group.</summary>
    private async Task<(ChatTestClient Sender, string Listener, string Group)> SetUpAsync(int listenerGateway, bool resumable)
    {
        var group = ChatTestClient.UniqueName("crew");
        // Within a minute: the other test may have just killed part of the system, which is back by then.
        var sender = await ChatTestClient.LoginWhenPossibleAsync(system.Gateway(1), ChatTestClient.UniqueName("teller"), TimeSpan.FromMinutes(1));
        var name = ChatTestClient.UniqueName("keeper");
        Listener = resumable
            ? await ChatTestClient.LoginResumableAsync(system.Gateway(listenerGateway), name)
            : await ChatTestClient.LoginAsync(system.Gateway(listenerGateway), name);
        await sender.FormGroupWithAsync(Listener, group);
        return (sender, Listener.Name, group);
    }

    /// <summary>Message i is "b{i}" to everyone, "p{i}" to the listener, or "g{i}" to the group, in turn.</summary>
    private static Task SendNumberedAsync(ChatTestClient sender, string listener, string group) => Task.Run(async () =>
    {
        for (var i = 1; i <= Messages; i++)
        {
            await sender.SendAsync((i % 3) switch
            {
                1 => $"b{i}",
                2 => $"/pm {listener} p{i}",
                _ => $"/gc {group} g{i}",
            });
            await Task.Delay(Pace);
        }
    });

    /// <summary>The sender's refusals (errors, and "not found" answers while the directory was away), read after an answer to /listg.</summary>
    private static async Task<int> RefusalsAsync(ChatTestClient sender, string group)
    {
        await sender.SendAsync("/listg");
        var frames = await sender.WaitForAsync($"Your groups: {group}\n");
        return frames.Count(f => f.StartsWith("Error:", StringComparison.Ordinal) || f.Contains("could not be found", StringComparison.Ordinal)
            || f == "This group does not exist.\n" || f == "You are not a member of this group.\n");
    }

    private static async Task<List<string>> ReadNumberedAsync(ChatTestClient listener, int atLeast)
    {
        var numbered = new List<string>();
        for (var frames = 0; numbered.Count < atLeast && frames < 10_000; frames++)
        {
            numbered.AddRange(Numbered([await listener.ReceiveAsync()]));
        }

        return numbered;
    }

    private static Task<List<string>> ReadUntilCountAsync(ChatTestClient listener, int count) =>
        count <= 0 ? Task.FromResult(new List<string>()) : ReadNumberedAsync(listener, count);

    /// <summary>Reads until the last message of each kind has arrived (or nothing more comes: the receive fails).</summary>
    private static async Task<List<string>> ReadUntilLastAsync(ChatTestClient listener, List<string> sofar)
    {
        var more = new List<string>();
        bool Done() => Enumerable.Range(Messages - 2, 3).All(i => sofar.Concat(more).Any(line => Number(line) == i));
        for (var frames = 0; !Done() && frames < 10_000; frames++)
        {
            more.AddRange(Numbered([await listener.ReceiveAsync()]));
        }

        return more;
    }

    /// <summary>Per kind, the numbers arrived in increasing order, none twice; over all kinds, every one not refused arrived.</summary>
    private static void AssertEveryNumberOnceInOrder(List<string> got, int refused)
    {
        foreach (var kind in new[] { 'b', 'p', 'g' })
        {
            var numbers = got.Where(line => Kind(line) == kind).Select(Number).ToList();
            Assert.True(numbers.Zip(numbers.Skip(1)).All(pair => pair.First < pair.Second),
                $"{kind}: out of order or twice: {string.Join(",", numbers)}");
        }

        var missing = Enumerable.Range(1, Messages).Except(got.Select(Number));
        Assert.True(Messages - refused == got.Count, $"{got.Count} of {Messages} arrived, {refused} refused; missing: {string.Join(",", missing)}");
    }

    private static IEnumerable<string> Numbered(IEnumerable<string> frames) => frames.Where(f => NumberedLine().IsMatch(f));

    private static char Kind(string line) => NumberedLine().Match(line).Groups["kind"].Value[0];

    private static int Number(string line) => int.Parse(NumberedLine().Match(line).Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);

    // "teller_x: b4", "(PM) teller_x: p5", "(crew_x) teller_x: g6".
    [GeneratedRegex(@"^(\(PM\) |\([^)]+\) )?teller_\w+: (?<kind>[bpg])(?<n>\d+)\n$")]
    private static partial Regex NumberedLine();
}
