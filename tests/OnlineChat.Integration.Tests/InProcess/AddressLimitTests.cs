using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// One address (everything here comes from 127.0.0.1, like a classroom behind one NAT) cannot lock the
/// others behind it out with half-open handshakes, nor flood the room through many connections that each
/// keep within their own rate.
/// </summary>
public sealed class AddressLimitTests : ClusterTest
{
    private const int MaxHandshakes = 5;
    private const int AddressPerSecond = 5;
    private const int AddressBurst = 10;
    private readonly FrozenClock _clock = new();

    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2,
        new()
        {
            ["Gateway:HandshakeTimeout"] = "00:01:00",
            ["Gateway:MaxHandshakesPerAddress"] = MaxHandshakes.ToString(),
            ["Gateway:AddressMessagesPerSecond"] = AddressPerSecond.ToString(),
            ["Gateway:AddressMessageBurst"] = AddressBurst.ToString(),
            ["Gateway:MessagesPerSecond"] = "0",
        },
        (_, builder) => builder.Services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task Fifty_half_open_handshakes_do_not_keep_a_real_user_from_logging_in()
    {
        var silent = new List<ChatTestClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var client = await ChatTestClient.ConnectAsync(Cluster.Gateway(1));
                silent.Add(client);
                Assert.Equal(ChatText.Ack, await client.ReceiveAsync());
            }

            await using var student = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "student");
            Assert.Equal("student", student.Name);

            // The oldest 46 were pushed out with the reason, the newest four still wait for their name.
            var pushedOut = ChatText.Error(ChatText.TooManyHandshakes(MaxHandshakes));
            foreach (var client in silent.Take(46))
            {
                Assert.Equal([pushedOut], await client.ReadUntilClosedAsync());
            }

            foreach (var client in silent.Skip(46))
            {
                await client.SendAsync($"late{silent.IndexOf(client)}");
                Assert.StartsWith("late", await client.ReceiveAsync());
            }
        }
        finally
        {
            foreach (var client in silent)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Numbered_frames_of_one_address_wait_for_its_budget_together_and_none_is_refused()
    {
        // Two students behind one NAT paste ten lines each at the same moment: twenty, over the address's
        // burst of ten. Their clients number their lines, so the gateway slows both down to the address's
        // rate instead of refusing what is over it.
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "listener");
        await using var ann = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "ann");
        await using var bob = await ChatTestClient.LoginResumableAsync(Cluster.Gateway(1), "bob");
        const int each = 10;
        foreach (var paster in new[] { ann, bob })
        {
            await paster.SendRawAsync([.. Enumerable.Range(1, each).SelectMany(n => FrameWriter.Encode(NumberedFrame.Format(n, $"{paster.Name} {n}")))]);
        }

        // The clock stands still: the burst goes through; then five a second (five and a half tokens each
        // time the clock moves 1.1 s, so five whole ones, then six for the five left).
        var heard = new List<string>();
        foreach (var (advance, lines) in new[] { (0.0, AddressBurst), (1.1, AddressPerSecond), (1.1, AddressPerSecond) })
        {
            _clock.Advance(TimeSpan.FromSeconds(advance));
            for (var i = 0; i < lines; i++)
            {
                heard.Add(await listener.ReceiveAsync());
            }
        }

        foreach (var paster in new[] { ann, bob })
        {
            Assert.Equal(Enumerable.Range(1, each).Select(n => $"{paster.Name}: {paster.Name} {n}\n"), heard.Where(l => l.StartsWith(paster.Name + ":", StringComparison.Ordinal)));
            // Each line acknowledged, none refused ("address too fast"); the other's lines arrive between them.
            var frames = new List<string>();
            for (var i = 0; i < 4 * each && frames.Count(f => f.StartsWith("/ack ", StringComparison.Ordinal)) < each; i++)
            {
                frames.Add(await paster.ReceiveAsync());
            }

            Assert.Equal(Enumerable.Range(1, each).Select(n => NumberedFrame.Ack(n)).Order(), frames.Where(f => f.StartsWith("/ack ", StringComparison.Ordinal)).Order());
            Assert.DoesNotContain(frames, f => f.StartsWith("Error:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Connections_of_one_address_share_one_message_budget_and_hear_why_when_over_it()
    {
        var senders = new List<ChatTestClient>();
        await using var listener = await ChatTestClient.LoginAsync(Cluster.Gateway(2), "listener");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                senders.Add(await ChatTestClient.LoginAsync(Cluster.Gateway(1), $"sender{i}"));
            }

            // Three connections, five messages each, the clock standing still: ten in all get through.
            var refused = 0;
            var tooFast = ChatText.Error(ChatText.AddressTooFast(AddressPerSecond));
            for (var i = 0; i < 5; i++)
            {
                foreach (var sender in senders)
                {
                    await sender.SendAsync($"{sender.Name} #{i}");
                }
            }

            await senders[0].SendAsync("/lo");
            foreach (var sender in senders)
            {
                await sender.SendAsync("/quit");
                foreach (var frame in await sender.ReadUntilClosedAsync())
                {
                    refused += frame == tooFast ? 1 : 0;
                }
            }

            Assert.Equal(15 + 1 - AddressBurst, refused);

            // A second later the address has five more.
            _clock.Advance(TimeSpan.FromSeconds(1));
            await using var later = await ChatTestClient.LoginAsync(Cluster.Gateway(1), "later");
            await later.SendAsync("after a pause");
            await listener.WaitForAsync("later: after a pause\n");
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }
    }
}
