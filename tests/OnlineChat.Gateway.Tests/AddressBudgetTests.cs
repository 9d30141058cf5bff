using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

/// <summary>One address's shared budget, with timestamps in seconds (ticksPerSecond = 1).</summary>
public class AddressBudgetTests
{
    [Fact]
    public void A_handshake_beyond_the_limit_pushes_out_the_oldest_one_only()
    {
        var budget = new AddressBudget(maxHandshakes: 2, messagesPerSecond: 0, messageBurst: 0, now: 0, ticksPerSecond: 1);
        var pushedOut = new List<string>();
        using var first = budget.BeginHandshake(() => pushedOut.Add("first"));
        using var second = budget.BeginHandshake(() => pushedOut.Add("second"));
        Assert.Empty(pushedOut);

        using var third = budget.BeginHandshake(() => pushedOut.Add("third"));
        Assert.Equal(["first"], pushedOut);
        Assert.Equal(2, budget.HandshakesInProgress);

        // A handshake that finished frees its place: the next one pushes nobody out.
        second.Dispose();
        using var fourth = budget.BeginHandshake(() => pushedOut.Add("fourth"));
        Assert.Equal(["first"], pushedOut);
        first.Dispose(); // already pushed out: ending it changes nothing
        Assert.Equal(2, budget.HandshakesInProgress);
    }

    [Fact]
    public void All_connections_of_an_address_draw_on_one_message_bucket()
    {
        var budget = new AddressBudget(maxHandshakes: 0, messagesPerSecond: 10, messageBurst: 20, now: 0, ticksPerSecond: 1);
        Assert.Equal(20, Enumerable.Range(0, 100).Count(_ => budget.TryTake(0)));
        Assert.Equal(10, Enumerable.Range(0, 100).Count(_ => budget.TryTake(1)));
    }

    [Fact]
    public void Zero_means_no_limit()
    {
        var budget = new AddressBudget(maxHandshakes: 0, messagesPerSecond: 0, messageBurst: 0, now: 0, ticksPerSecond: 1);
        var pushedOut = 0;
        var handshakes = Enumerable.Range(0, 1000).Select(_ => budget.BeginHandshake(() => pushedOut++)).ToList();
        Assert.Equal(0, pushedOut);
        Assert.True(Enumerable.Range(0, 10_000).All(_ => budget.TryTake(0)));
        handshakes.ForEach(h => h.Dispose());
    }
}
