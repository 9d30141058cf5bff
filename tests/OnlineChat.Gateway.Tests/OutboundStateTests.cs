using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// The outbound queue's rules on their own (OutboundState): no socket, every step chosen by the test, so each
/// ordering and limit case is reached on purpose rather than by the kernel's timing.
/// </summary>
public sealed class OutboundStateTests
{
    private static ArraySegment<byte> Bytes(int count, byte mark = 0) => new(Enumerable.Repeat(mark, count).ToArray());

    private static ArraySegment<byte> Nothing => ArraySegment<byte>.Empty;

    [Fact]
    public void With_nothing_in_the_way_a_frame_goes_straight_to_the_kernel_and_nothing_waits()
    {
        var state = new OutboundState(limitBytes: 100);

        Assert.Equal(Offer.SendNow, state.Offer());
        Assert.Equal(Outcome.Done, state.AfterDirectSend(Nothing, broken: false));
        Assert.Equal(0, state.QueuedBytes);
        Assert.False(state.SenderActive);
    }

    [Fact]
    public void There_is_room_while_at_most_half_the_limit_waits_and_once_no_more_frames_are_taken()
    {
        var state = new OutboundState(limitBytes: 100);
        Assert.Equal(50, state.BurstBytes);
        Assert.True(state.HasRoom);
        Assert.Equal(Outcome.StartLoop, state.AfterDirectSend(Bytes(50), broken: false));
        Assert.True(state.HasRoom);
        Assert.Equal(Outcome.Done, state.Enqueue(Bytes(1)));
        Assert.False(state.HasRoom);

        Assert.NotNull(state.TakeWaiting());
        Assert.True(state.AfterLoopSend(51));
        Assert.True(state.HasRoom);

        Assert.Equal(Outcome.Done, state.Enqueue(Bytes(60)));
        Assert.False(state.HasRoom);
        state.Complete();
        Assert.True(state.HasRoom);
    }

    [Fact]
    public void What_the_kernel_leaves_waits_later_frames_queue_behind_it_and_the_loop_sends_them_in_order()
    {
        var state = new OutboundState(limitBytes: 100);
        var rest = Bytes(30, 1);
        var later = Bytes(20, 2);

        Assert.Equal(Outcome.StartLoop, state.AfterDirectSend(rest, broken: false));
        Assert.Equal(Offer.Queue, state.Offer());
        Assert.Equal(Outcome.Done, state.Enqueue(later));
        Assert.Equal(50, state.QueuedBytes);

        Assert.Equal([rest, later], state.TakeWaiting()!);
        var latest = Bytes(5, 3);
        Assert.Equal(Outcome.Done, state.Enqueue(latest)); // while the loop sends: behind what it took
        Assert.True(state.AfterLoopSend(50));
        Assert.Equal([latest], state.TakeWaiting()!);
        Assert.True(state.AfterLoopSend(5));

        Assert.Null(state.TakeWaiting());
        Assert.False(state.SenderActive);
        Assert.Equal(Offer.SendNow, state.Offer()); // the direct path again
    }

    [Fact]
    public void A_client_whose_waiting_frames_would_pass_the_limit_is_given_up_once_and_refused_after()
    {
        var state = new OutboundState(limitBytes: 100);
        state.AfterDirectSend(Bytes(60), broken: false);

        Assert.Equal(Outcome.Overflow, state.Enqueue(Bytes(41)));
        Assert.True(state.Abandoned);
        Assert.True(state.Drained);
        Assert.Equal(0, state.QueuedBytes);
        Assert.Equal(Offer.Refused, state.Offer());
        Assert.Null(state.TakeWaiting()); // the loop stops
        Assert.False(state.AfterLoopFailure()); // a later failure is not reported again
    }

    [Fact]
    public void A_claimed_send_keeps_later_frames_behind_it_and_its_rest_goes_ahead_of_them()
    {
        var state = new OutboundState(limitBytes: 100);
        Assert.Equal(Offer.SendNow, state.Offer());
        state.Claim();
        Assert.Equal(Offer.Queue, state.Offer());
        var queuedMeanwhile = Bytes(10, 2);
        state.Enqueue(queuedMeanwhile);
        var rest = Bytes(30, 1);

        Assert.Equal(Outcome.StartLoop, state.AfterClaimedSend(rest, broken: false));
        Assert.Equal([rest, queuedMeanwhile], state.TakeWaiting()!);
    }

    [Fact]
    public void A_claimed_send_the_kernel_took_whole_frees_the_socket()
    {
        var state = new OutboundState(limitBytes: 100);
        state.Claim();

        Assert.Equal(Outcome.Done, state.AfterClaimedSend(Nothing, broken: false));
        Assert.False(state.SenderActive);
        Assert.Equal(Offer.SendNow, state.Offer());
    }

    [Fact]
    public void A_claimed_send_with_no_answer_gives_the_client_up_instead_of_sending_anything_again()
    {
        var state = new OutboundState(limitBytes: 100);
        state.Claim();
        state.Enqueue(Bytes(10));

        Assert.Equal(Outcome.Unknown, state.AfterClaimedSend(Bytes(40), broken: false, unknown: true));
        Assert.True(state.Abandoned);
        Assert.Null(state.TakeWaiting());
    }

    [Fact]
    public void A_claimed_sends_rest_that_would_pass_the_limit_gives_the_client_up()
    {
        var state = new OutboundState(limitBytes: 50);
        state.Claim();
        state.Enqueue(Bytes(30));

        Assert.Equal(Outcome.Overflow, state.AfterClaimedSend(Bytes(30), broken: false));
        Assert.False(state.SenderActive);
    }

    [Fact]
    public void Completing_refuses_new_frames_but_drains_only_once_what_waits_is_sent()
    {
        var state = new OutboundState(limitBytes: 100);
        state.AfterDirectSend(Bytes(10), broken: false);

        state.Complete();
        Assert.Equal(Offer.Refused, state.Offer());
        Assert.False(state.Drained);
        Assert.NotNull(state.TakeWaiting());
        Assert.True(state.AfterLoopSend(10));
        Assert.Null(state.TakeWaiting());
        Assert.True(state.Drained);
    }

    [Fact]
    public void A_broken_socket_gives_the_client_up_whichever_sender_saw_it()
    {
        var direct = new OutboundState(limitBytes: 100);
        Assert.Equal(Outcome.Broken, direct.AfterDirectSend(Nothing, broken: true));

        var claimed = new OutboundState(limitBytes: 100);
        claimed.Claim();
        Assert.Equal(Outcome.Broken, claimed.AfterClaimedSend(Nothing, broken: true));

        var loop = new OutboundState(limitBytes: 100);
        loop.AfterDirectSend(Bytes(10), broken: false);
        loop.TakeWaiting();
        Assert.True(loop.AfterLoopFailure());
        Assert.True(loop.Drained);
    }
}
