using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Carries out one client line: parses it, acts on the directory or the bus, and answers the sender.
/// Messages for other users leave only through Redis, so a user on any gateway is reached the same way.
/// </summary>
public sealed class ChatCommandHandler(
    ChatBus bus,
    MessageLog log,
    PresenceClient presence,
    AccountLogin accountLogin,
    MuteTable mutes,
    GatewayIdentity identity,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ChatCommandHandler> logger)
{
    // Broadcasts of one client whose PUBLISH may be unanswered at once (see PipelineAsync).
    private const int MaxPublishesInFlight = 64;

    private readonly double _messagesPerSecond = options.Value.MessagesPerSecond;
    private readonly double _addressMessagesPerSecond = options.Value.AddressMessagesPerSecond;
    private readonly int _maxListed = options.Value.MaxListedNames;

    /// <summary>
    /// Returns false when the connection should end (the client quit or its session is gone). A numbered frame
    /// of a client that resumes ("@{n} {line}", see NumberedFrame) is acknowledged once handled: carried out, or
    /// refused with an error the client was shown; a broadcast once Redis has it.
    /// </summary>
    public async Task<bool> HandleAsync(ChatSession session, string frameText)
    {
        if (!session.WantsLogIds || !NumberedFrame.TryParse(frameText, out var number, out var line))
        {
            return await HandleAsync(session, frameText, frame: null);
        }

        var acked = new FrameAck(session, number);
        try
        {
            return await HandleAsync(session, line, acked);
        }
        finally
        {
            acked.SendUnlessDeferred();
        }
    }

    private async Task<bool> HandleAsync(ChatSession session, string frameText, FrameAck? frame)
    {
        var command = ChatCommandParser.Parse(frameText);
        var kind = GatewayTelemetry.KindOf(command);
        using var activity = GatewayTelemetry.StartCommand(command, kind, session.User!, identity.Id, frameText);
        metrics.MessageReceived(kind);
        // Every frame but /quit costs a token: a flooder is refused out loud, and leaving always works.
        if (command is not Quit && session.Bucket is { } bucket && !await TakeTokenAsync(bucket, waitForIt: frame is not null, session.ConnectionClosed, activity))
        {
            metrics.MessageRefused(kind, GatewayMetrics.RateLimited);
            activity?.SetTag("onlinechat.refused", GatewayMetrics.RateLimited);
            session.TrySendText(ChatText.Error(ChatText.TooFast(_messagesPerSecond)));
            return true;
        }

        if (command is not Quit && session.Address is { } address && !await TakeTokenAsync(address, waitForIt: frame is not null, session.ConnectionClosed, activity))
        {
            metrics.MessageRefused(kind, GatewayMetrics.AddressRateLimited);
            activity?.SetTag("onlinechat.refused", GatewayMetrics.AddressRateLimited);
            session.TrySendText(ChatText.Error(ChatText.AddressTooFast(_addressMessagesPerSecond)));
            return true;
        }

        try
        {
            // A muted user may still PM a moderator, to ask why (the moderator can /ignore them in the console
            // client): only then is presence asked, so a mute costs the hot path nothing.
            if (command is BroadcastMessage or PrivateMessage or GroupMessage && mutes.MutedUntil(session.User!, time.GetUtcNow()) is { } mutedUntil
                && !(command is PrivateMessage pm && await presence.IsModeratorAsync(pm.To, CancellationToken.None)))
            {
                metrics.MessageRefused(kind, GatewayMetrics.Muted);
                session.TrySendText(ChatText.Error(ChatText.YouAreMuted(mutedUntil)));
                return true;
            }

            return await ExecuteAsync(session, command, frame);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            RefuseForBackend(session, kind, ex);
            return true;
        }
    }

    /// <summary>
    /// Takes a token from the connection's bucket or its address's. A seed-style client's frame over the limit
    /// is refused out loud (such a client never sends a line again). A numbered frame (<paramref name="waitForIt"/>:
    /// a client that paces itself and keeps each line until it is acknowledged) waits for its token instead,
    /// and nothing more is read from that connection meanwhile: a bucket counts a frame when the gateway reads
    /// it, so a paste that queued up while this gateway stalled arrives all at once, and refusing it lost
    /// lines the client had sent within the limit; so did a classroom behind one address pasting at the same
    /// moment. The wait is the throttle: such clients still get no more than the limit, each in order (at the
    /// address, the waiting connections share its rate).
    /// </summary>
    private async ValueTask<bool> TakeTokenAsync(IFrameBudget bucket, bool waitForIt, CancellationToken connectionClosed, System.Diagnostics.Activity? activity)
    {
        if (bucket.TryTake(time.GetTimestamp()))
        {
            return true;
        }

        if (!waitForIt)
        {
            return false;
        }

        activity?.SetTag("onlinechat.paced", true);
        // One wait for the next token; more only if another connection of the address took it first, or a
        // clock that stands still (a test's) has not moved yet.
        try
        {
            for (var wait = bucket.TicksUntilNext(time.GetTimestamp()); !bucket.TryTake(time.GetTimestamp()); wait = bucket.TicksUntilNext(time.GetTimestamp()))
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(wait, 1) / (double)time.TimestampFrequency), time, connectionClosed);
            }

            return true;
        }
        catch (OperationCanceledException) when (connectionClosed.IsCancellationRequested)
        {
            return false; // Nobody is left to read the answer.
        }
    }

    /// <summary>Tells the client its command was not carried out because Redis or presence failed.</summary>
    private void RefuseForBackend(ChatSession session, string kind, Exception ex)
    {
        metrics.MessageRefused(kind, GatewayMetrics.BackendDown);
        GatewayLog.BackendUnavailable(logger, kind, ex);
        var reason = ex is HttpRequestException or Polly.ExecutionRejectedException
            ? ChatText.DirectoryUnavailable
            : ChatText.RelayUnavailable;
        session.TrySendText(ChatText.Error(reason));
    }

    private async Task<bool> ExecuteAsync(ChatSession session, ChatCommand command, FrameAck? frame)
    {
        var user = session.User!;
        var numbered = frame?.Frame;
        switch (command)
        {
            case EmptyLine:
                return true;

            case BroadcastMessage broadcast:
                await PipelineAsync(session, bus.PublishToAllAsync(Message(ChatEventKind.Broadcast, session, broadcast.Text) with { Except = user }, numbered), frame);
                return true;

            case PrivateMessage pm:
                var (delivery, recipient) = await bus.SendPrivateAsync(pm.To, Message(ChatEventKind.Private, session, pm.Text), numbered);
                switch (delivery)
                {
                    case PrivateOutcome.NoSuchUser:
                        session.TrySendText(ChatText.UserNotFound(pm.To));
                        break;
                    case PrivateOutcome.KeptForAccount:
                        session.TrySendText(ChatText.OfflineAccount(recipient));
                        break;
                }

                return true;

            case ShowHistory history:
                var page = await log.ConversationAsync(history.Target, user, history.Count, moderator: session.Badge is not null, history.Scope);
                // The answer goes out at once, so it keeps within what the client's queue takes at once
                // (half its limit): it must not be what cuts a slow link's client off.
                var historyBytes = (int)Math.Min(int.MaxValue, session.OutboundBurstBytes);
                session.TrySendText(page.Kind switch
                {
                    ConversationKind.NotFound => ChatText.NoHistory(history.Target!, history.Scope),
                    ConversationKind.NotKept => ChatText.HistoryNotKept,
                    ConversationKind.Room => ChatText.History("the room", Lines(page), historyBytes),
                    ConversationKind.Group => ChatText.History($"group {page.Name}", Lines(page), historyBytes),
                    _ => ChatText.History($"your PMs with {page.Name}", Lines(page), historyBytes),
                });
                return true;

            case GroupMessage gc:
                var sent = await bus.SendToGroupAsync(gc.Group, user, Message(ChatEventKind.Group, session, gc.Text) with { Group = gc.Group }, numbered);
                return sent == GroupOutcome.Ok || Refuse(session, sent);

            case CreateGroup create:
                var created = await presence.CreateGroupAsync(create.Group, user, session.Token!);
                if (created != GroupOutcome.Ok)
                {
                    return Refuse(session, created);
                }

                session.TrySendText(ChatText.GroupCreated(create.Group));
                return true;

            case JoinGroup join:
                // Presence tells the members, the joiner among them.
                var joined = await presence.JoinGroupAsync(join.Group, user, session.Token!);
                return joined == GroupOutcome.Ok || Refuse(session, joined);

            case LeaveGroup leave:
                var left = await presence.LeaveGroupAsync(leave.Group, user, session.Token!);
                return left == GroupOutcome.Ok || Refuse(session, left);

            case ListMyGroups:
                var mine = await presence.GroupsOfAsync(user);
                session.TrySendText(mine.Count == 0 ? ChatText.NoGroupsOfMine : ChatText.MyGroups(mine));
                return true;

            case ListAllGroups listAll:
                var all = await presence.AllGroupsAsync(user, listAll.Containing, _maxListed);
                session.TrySendText(ChatText.AllGroups(new Listing<(string, string, long, bool)>(
                    [.. all.Shown.Select(g => (g.Group, g.Owner, g.Members, g.InviteOnly))], all.Total, all.Containing)));
                return true;

            case ListMembers members:
                var roster = await presence.MembersAsync(members.Group, user);
                session.TrySendText(roster is null ? ChatText.NoSuchGroup : ChatText.Members(roster.Group, roster.Owner, roster.Members));
                return true;

            case MakePrivate makePrivate:
                var closed = await presence.SetGroupModeAsync(makePrivate.Group, user, session.Token!, inviteOnly: true);
                return closed.Outcome switch
                {
                    GroupOutcome.Ok => Reply(session, ChatText.GroupNowPrivate(closed.Group!)),
                    GroupOutcome.Unchanged => Reply(session, ChatText.GroupPrivateAlready(closed.Group!)),
                    _ => Refuse(session, closed.Outcome),
                };

            case MakePublic makePublic:
                var opened = await presence.SetGroupModeAsync(makePublic.Group, user, session.Token!, inviteOnly: false);
                return opened.Outcome switch
                {
                    GroupOutcome.Ok => Reply(session, ChatText.GroupNowPublic(opened.Group!)),
                    GroupOutcome.Unchanged => Reply(session, ChatText.GroupPublicAlready(opened.Group!)),
                    _ => Refuse(session, opened.Outcome),
                };

            case Invite invite:
                var invited = await presence.InviteAsync(invite.Group, user, session.Token!, invite.User);
                return invited.Outcome switch
                {
                    GroupOutcome.Ok => Reply(session, ChatText.Invited(invited.User!, invited.Group!)),
                    // The outcome speaks of the invitee, not of the owner asking.
                    GroupOutcome.AlreadyMember when !string.Equals(invite.User, user, StringComparison.OrdinalIgnoreCase) =>
                        Reply(session, ChatText.AlreadyInGroup(invited.User ?? invite.User, invited.Group ?? invite.Group)),
                    GroupOutcome.AlreadyInvited => Reply(session, ChatText.AlreadyInvited(invited.User!, invited.Group!)),
                    _ => Refuse(session, invited.Outcome),
                };

            case Kick kick:
                // Presence tells the members, the one removed and the kicker (the owner among the members, or a
                // moderator from outside the group).
                var kicked = await presence.KickAsync(kick.Group, user, session.Token!, kick.User);
                return kicked.Outcome switch
                {
                    GroupOutcome.Ok => true,
                    // The member to remove is not in the group (the owner or moderator asking may well be).
                    GroupOutcome.NotMember => Reply(session, ChatText.NotInGroup(kicked.User ?? kick.User, kicked.Group ?? kick.Group)),
                    _ => Refuse(session, kicked.Outcome),
                };

            case Register register:
                if (session.IsAccount)
                {
                    // Registered, and logged in to it: pointing her to /login would send her in a circle.
                    session.TrySendText(ChatText.AlreadyLoggedIn(user));
                    return true;
                }

                var (badge, notRegistered) = await presence.RegisterAsync(user, session.Token!, register.Password, session.RemoteAddress ?? "unknown");
                if (notRegistered is not null)
                {
                    session.TrySendText(notRegistered);
                    return true;
                }

                session.IsAccount = true;
                session.Badge = badge;
                session.TrySendText(ChatText.Registered(user));
                return true;

            case ChangePassword when !session.IsAccount:
                return Reply(session, ChatText.NotLoggedIn);

            case ChangePassword change when Passwords.Validate(change.Password) is { } weak:
                return Reply(session, ChatText.Error(weak));

            case ChangePassword change:
                var (changed, notChanged) = await presence.SetPasswordAsync(user, session.Token!, user, change.Password);
                return Reply(session, changed is null ? notChanged! : ChatText.PasswordChanged);

            case ResetPassword reset:
                var (resetFor, notReset) = await presence.SetPasswordAsync(user, session.Token!, reset.User, reset.Password);
                return Reply(session, resetFor is null ? notReset! : ChatText.PasswordReset(resetFor));

            case Mute mute when string.Equals(mute.User, user, StringComparison.OrdinalIgnoreCase):
                return Reply(session, ChatText.CannotMuteYourself);

            case Mute mute:
                var until = time.GetUtcNow().AddMinutes(mute.Minutes);
                var muted = await presence.MuteAsync(user, session.Token!, mute.User, until);
                return Reply(session, muted is null ? ChatText.NotModerator : ChatText.Muted(muted.Target, until, muted.Known));

            case Unmute unmute:
                var unmuted = await presence.MuteAsync(user, session.Token!, unmute.User, until: null);
                return Reply(session, unmuted is null ? ChatText.NotModerator
                    : unmuted.WasMuted ? ChatText.Unmuted(unmuted.Target) : ChatText.NotMuted(unmuted.Target));

            case ListMutes when session.Badge is null:
                return Reply(session, ChatText.NotModerator);

            case ListMutes:
                // Presence's list, not this gateway's copy: that one misses mutes set while presence was away at its start.
                var now = time.GetUtcNow();
                var mutes = await presence.MutesAsync(CancellationToken.None);
                return Reply(session, ChatText.Mutes(mutes.Where(m => m.Until > now)));

            case LogIn login:
                return await accountLogin.LogInAsync(session, login);

            case LogOut:
                if (!session.IsAccount)
                {
                    session.TrySendText(ChatText.NotLoggedIn);
                    return true;
                }

                session.LeftOnPurpose = true;
                session.TrySendText(ChatText.LoggedOut(user));
                return false;

            case ListOnline listOnline:
                session.TrySendText(ChatText.Online(await presence.OnlineUsersAsync(listOnline.Containing, _maxListed, CancellationToken.None)));
                return true;

            case Help:
                session.TrySendText(ChatText.HelpText);
                return true;

            case Quit:
                session.LeftOnPurpose = true;
                session.TrySendText(ChatText.Goodbye);
                return false;

            case UsageError usage:
                session.TrySendText(ChatText.Line(usage.Usage));
                return true;

            case UnknownCommand unknown:
                session.TrySendText(ChatText.UnknownCommand(unknown.Name));
                return true;

            case InvalidInput invalid:
                session.TrySendText(ChatText.Error(invalid.Reason));
                return true;

            default:
                throw new InvalidOperationException($"No handler for {command.GetType().Name}.");
        }
    }

    /// <summary>
    /// A user who arrives under a muted name (a login, an account's login, a resume) is told so at once, rather
    /// than at the first message it is refused: a mute may be set for a name before anyone has it.
    /// </summary>
    internal static void TellIfMuted(ChatSession session, string name, MuteTable mutes, DateTimeOffset now)
    {
        if (mutes.MutedUntil(name, now) is { } until)
        {
            session.TrySendText(ChatText.StillMuted(until));
        }
    }

    /// <summary>/history's lines: each message with its server time.</summary>
    private static List<(DateTimeOffset, string)> Lines(HistoryPage page) =>
        [.. page.Messages.Select(m => (m.Id.Time, ChatText.Render(m.Event)))];

    /// <summary>Answers the sender; the session goes on.</summary>
    private static bool Reply(ChatSession session, string text)
    {
        session.TrySendText(text);
        return true;
    }

    /// <summary>Tells the sender why a group command did nothing; false (disconnect) only when their login is gone.</summary>
    private static bool Refuse(ChatSession session, GroupOutcome outcome)
    {
        session.TrySendText(outcome switch
        {
            GroupOutcome.AlreadyExists => ChatText.GroupExists,
            GroupOutcome.NoSuchGroup => ChatText.NoSuchGroup,
            GroupOutcome.AlreadyMember => ChatText.AlreadyAMember,
            GroupOutcome.NotMember => ChatText.NotAMember,
            GroupOutcome.InviteOnly => ChatText.InviteOnly,
            GroupOutcome.TooManyGroups => ChatText.TooManyGroups,
            GroupOutcome.NotOwner => ChatText.NotOwner,
            GroupOutcome.Self => ChatText.CannotKickSelf,
            GroupOutcome.NoSuchUser => ChatText.NobodyToInvite,
            _ => ChatText.SessionEnded,
        });
        return outcome != GroupOutcome.SessionLost;
    }

    /// <summary>
    /// Lets the next frame of this client be read while a broadcast's PUBLISH is still on its way, instead
    /// of one Redis round trip per message, queued behind every delivery this gateway has to make: a lone
    /// fast sender would otherwise be capped by that wait. Redis still gets the publishes in order (one
    /// connection, pipelined), a failure still reaches the client as an error, and a client with too many
    /// publishes in flight waits for this one: nothing is accepted and then lost, and memory stays bounded.
    /// </summary>
    /// <param name="frame">A numbered frame is acknowledged once Redis has the broadcast (or refused it), not before.</param>
    private async Task PipelineAsync(ChatSession session, Task publish, FrameAck? frame)
    {
        if (publish.IsCompleted)
        {
            await publish; // Done already, or failed: a failure goes to HandleAsync's catch like any other.
            return;
        }

        if (Interlocked.Increment(ref session.PublishesInFlight) > MaxPublishesInFlight)
        {
            try
            {
                await publish;
            }
            finally
            {
                Interlocked.Decrement(ref session.PublishesInFlight);
            }

            return;
        }

        frame?.Defer();
        _ = ObserveAsync(session, publish, frame);
    }

    private async Task ObserveAsync(ChatSession session, Task publish, FrameAck? frame)
    {
        try
        {
            await publish;
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            RefuseForBackend(session, "broadcast", ex);
        }
        finally
        {
            Interlocked.Decrement(ref session.PublishesInFlight);
            frame?.Send();
        }
    }

    /// <summary>The acknowledgement a numbered frame is owed: sent when the frame is handled, or later by a pipelined broadcast.</summary>
    private sealed class FrameAck(ChatSession session, long number)
    {
        private bool _deferred;

        public ClientFrame? Frame { get; } = session.ResumeSecret is { } secret ? new ClientFrame(secret, number) : null;

        public void Defer() => _deferred = true;

        public void SendUnlessDeferred()
        {
            if (!_deferred)
            {
                Send();
            }
        }

        public void Send() => session.TrySendText(NumberedFrame.Ack(number));
    }

    /// <summary>A message from <paramref name="session"/>'s user, with their badge when they are a moderator.</summary>
    private static ChatEvent Message(ChatEventKind kind, ChatSession session, string text) =>
        new() { Kind = kind, User = session.User!, Badge = session.Badge, Text = text, SentAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
}
