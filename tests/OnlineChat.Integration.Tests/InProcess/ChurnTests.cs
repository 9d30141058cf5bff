using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>A thousand clients coming and going at once, some without saying goodbye: nothing is left behind.</summary>
public sealed class ChurnTests : ClusterTest
{
    private const int Clients = 1000;
    private const int Groups = 10;

    /// <summary>All thousand clients come from 127.0.0.1: the per-address budgets would rightly stop them.</summary>
    protected override Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2, new()
    {
        ["Gateway:MaxHandshakesPerAddress"] = "0",
        ["Gateway:AddressMessagesPerSecond"] = "0",
    });

    [Fact]
    public async Task No_ghost_users_leaked_names_or_orphan_group_memberships_remain()
    {
        // Every client's failure is kept rather than thrown, so the assertion below is what fails, with
        // how many failed and why (a rethrow here would end the test before it, with the first one only).
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var slots = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                await LiveBrieflyAsync(i);
            }
            catch (Exception ex)
            {
                failures.Add($"churn{i}: {ex.Message}");
            }
            finally
            {
                slots.Release();
            }
        }));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {Clients} clients failed: {string.Join(" | ", failures.Take(5))}");

        var redis = Cluster.Services(1).GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        string[] keys = [];
        await Eventually.TrueAsync(() =>
        {
            // The message log stays by design (bounded by History options); so does a pair's PM history.
            keys = [.. server.Keys(pattern: "oc:*").Select(k => (string)k!)
                .Where(k => k is not ("oc:gateways" or "oc:seq" or "oc:ready" or "oc:log") && !k.StartsWith("oc:history:pm:", StringComparison.Ordinal))];
            return keys.Length == 0;
        }, "the directory holds nothing but the leases and the log");
        Assert.Equal(0, await Cluster.Directory.UserCountAsync());
        Assert.Equal(0, await Cluster.Directory.GroupCountAsync());
    }

    /// <summary>Logs in on either gateway, joins or creates a group, then leaves politely or just vanishes.</summary>
    private async Task LiveBrieflyAsync(int i)
    {
        var client = await ChatTestClient.LoginAsync(Cluster.Gateway(1 + i % 2), $"churn{i}");
        try
        {
            // Create or join (whichever applies now; the group may also vanish in between), then wait for
            // the answer to /listg so both commands have surely been carried out.
            var group = $"g{i % Groups}";
            await client.SendAsync($"/cg {group}");
            await client.SendAsync($"/jg {group}");
            await client.SendAsync("/listg");
            for (var frames = 0; !IsListgAnswer(await client.ReceiveAsync()); frames++)
            {
                Assert.True(frames < 1000, "no answer to /listg among a thousand frames");
            }

            if (i % 3 == 0)
            {
                await client.SendAsync("/quit");
                await client.ReadUntilClosedAsync();
            }
        }
        finally
        {
            await client.DisposeAsync(); // Without /quit: an abrupt disconnect.
        }
    }

    private static bool IsListgAnswer(string frame) =>
        frame.StartsWith("Your groups: ", StringComparison.Ordinal) || frame == ChatText.NoGroupsOfMine;
}
