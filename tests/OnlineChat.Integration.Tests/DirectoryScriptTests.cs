using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Integration.Tests.InProcess;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The directory's Lua scripts (src/OnlineChat.Backplane/Scripts) on their own, against a real redis-server:
/// what each one writes, under which keys, and what it answers.
/// </summary>
public sealed class DirectoryScriptTests : IAsyncLifetime
{
    private const string Gateway = "gw-a";
    private readonly ChatKeys _keys = new("t:");
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private ChatDirectory _directory = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _directory = new ChatDirectory(_connection, _keys);
        await _directory.MarkReadyAsync();
        _directory.RenewLease(Gateway, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static string Token(string connection) => SessionToken.Create(Gateway, connection);

    /// <summary>A login of <paramref name="connection"/> that claims <paramref name="name"/> and registers it as an account.</summary>
    private async Task ClaimAccountAsync(string name, string connection, string passwordHash = "hash")
    {
        await _directory.ClaimAsync(name, Token(connection));
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync(name, Token(connection), passwordHash, DateTimeOffset.UtcNow)).Outcome);
    }

    [Fact]
    public async Task Scripts_still_run_after_Redis_forgot_them()
    {
        Assert.Equal(ClaimStatus.Ok, (await _directory.ClaimAsync("before", Token("c1"))).Status);
        Assert.Equal(1L, (long)await Db.ExecuteAsync("SCRIPT", "EXISTS", ScriptSha1(DirectoryScript.Load("claim"))));

        // What a restarted Redis, or a new node of a cluster, looks like to a caller that knows the SHA1.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true"))
        {
            await admin.GetServer(_redis.ConnectionString).ScriptFlushAsync();
        }

        Assert.Equal(0L, (long)await Db.ExecuteAsync("SCRIPT", "EXISTS", ScriptSha1(DirectoryScript.Load("claim"))));
        Assert.Equal(ClaimStatus.Ok, (await _directory.ClaimAsync("after", Token("c2"))).Status);
        Assert.Equal(1L, (long)await Db.ExecuteAsync("SCRIPT", "EXISTS", ScriptSha1(DirectoryScript.Load("claim"))));
    }

    private static string ScriptSha1(DirectoryScript script) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(script.Text)));

    [Fact]
    public async Task Claim_grants_a_free_name_and_writes_the_keys_ChatKeys_names()
    {
        var claim = await _directory.ClaimAsync("alice", Token("c1"));

        Assert.Equal(new ClaimResult(ClaimStatus.Ok, "alice", false), claim);
        Assert.Equal(Token("c1"), (string?)await Db.HashGetAsync(_keys.Users, "alice"));
        Assert.Equal("alice", (string?)await Db.HashGetAsync(_keys.Names, "alice"));
        Assert.Equal(Token("c1"), (string?)await Db.HashGetAsync(_keys.GatewayUsers(Gateway), "alice"));
    }

    [Fact]
    public async Task A_claim_says_where_the_log_ended_as_the_name_was_granted()
    {
        // An empty log: no position (the login's gateway reads from the start).
        Assert.Null((await _directory.ClaimAsync("alice", Token("c1"))).At);
        var last = await Bus().PublishToAllAsync(new ChatEvent { Kind = ChatEventKind.Broadcast, User = "alice", Text = "hi" });

        Assert.Equal(last, (await _directory.ClaimAsync("bob", Token("c2"))).At);
        Assert.Equal(last, (await _directory.ClaimAsync("bob", Token("c2"))).At); // asked again (an answer lost): where it ends now
    }

    [Fact]
    public async Task Names_are_unique_ignoring_case_and_a_suffix_keeps_within_the_length_limit()
    {
        await _directory.ClaimAsync("Teacher", Token("c1"));
        Assert.Equal("teacher1", (await _directory.ClaimAsync("teacher", Token("c2"))).Name);
        Assert.Equal("TEACHER2", (await _directory.ClaimAsync("TEACHER", Token("c3"))).Name);

        var longest = new string('x', ChatNames.MaxLength);
        await _directory.ClaimAsync(longest, Token("c4"));
        Assert.Equal(new string('x', ChatNames.MaxLength - 1) + "1", (await _directory.ClaimAsync(longest, Token("c5"))).Name);
    }

    [Fact]
    public async Task A_claim_of_the_same_token_is_idempotent_and_one_without_a_lease_or_before_recovery_is_refused()
    {
        Assert.Equal("bob", (await _directory.ClaimAsync("bob", Token("c1"))).Name);
        Assert.Equal("bob", (await _directory.ClaimAsync("bob", Token("c1"))).Name);

        Assert.Equal(ClaimStatus.NoLease, (await _directory.ClaimAsync("carol", SessionToken.Create("gw-gone", "c9"))).Status);

        await Db.KeyDeleteAsync(_keys.Ready);
        Assert.Equal(ClaimStatus.Recovering, (await _directory.ClaimAsync("carol", Token("c2"))).Status);
    }

    [Fact]
    public async Task An_accounts_name_is_never_claimed_and_the_claim_says_it_is_registered()
    {
        await _directory.ClaimAsync("teacher", Token("c1"));
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("teacher", Token("c1"), "hash", DateTimeOffset.UtcNow)).Outcome);
        Assert.True(await Db.KeyExistsAsync(_keys.Account("TEACHER")));
        Assert.Equal(AccountOutcome.AlreadyRegistered, (await _directory.RegisterAccountAsync("teacher", Token("c1"), "other", DateTimeOffset.UtcNow)).Outcome);
        Assert.NotNull(await _directory.ReleaseAsync("teacher", Token("c1")));

        var claim = await _directory.ClaimAsync("Teacher", Token("c2"));
        Assert.Equal(new ClaimResult(ClaimStatus.Ok, "Teacher1", true), claim);
        Assert.Equal(new StoredAccount("teacher", "hash"), await _directory.FindAccountAsync("TeAcHeR"));

        Assert.Equal(AccountOutcome.SessionLost, (await _directory.RegisterAccountAsync("nobody", Token("c2"), "other", DateTimeOffset.UtcNow)).Outcome);
    }

    [Fact]
    public async Task An_address_registers_at_most_the_limit_in_its_window_and_refusals_do_not_count()
    {
        var window = TimeSpan.FromMinutes(10);
        foreach (var (name, connection) in new[] { ("ann", "c1"), ("ben", "c2"), ("cat", "c3"), ("dan", "c4") })
        {
            await _directory.ClaimAsync(name, Token(connection));
        }

        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("ann", Token("c1"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 2, window)).Outcome);
        // Refused for another reason: not counted.
        Assert.Equal(AccountOutcome.AlreadyRegistered, (await _directory.RegisterAccountAsync("ann", Token("c1"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 2, window)).Outcome);
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("ben", Token("c2"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 2, window)).Outcome);

        var (outcome, retryAfter) = await _directory.RegisterAccountAsync("cat", Token("c3"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 2, window);
        Assert.Equal(AccountOutcome.TooManyRegistrations, outcome);
        Assert.InRange(retryAfter, window - TimeSpan.FromMinutes(1), window);
        Assert.Null(await _directory.FindAccountAsync("cat"));
        Assert.Equal(2, (long)await Db.StringGetAsync(_keys.Registrations("10.0.0.7")));

        // Another address has its own count; 0 is no limit and counts nothing.
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("cat", Token("c3"), "hash", DateTimeOffset.UtcNow, "10.0.0.8", 2, window)).Outcome);
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("dan", Token("c4"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 0, window)).Outcome);
        Assert.Equal(2, (long)await Db.StringGetAsync(_keys.Registrations("10.0.0.7")));

        // The window ends: the address may register again.
        await Db.KeyDeleteAsync(_keys.Registrations("10.0.0.7"));
        await _directory.ClaimAsync("eve", Token("c5"));
        Assert.Equal(AccountOutcome.Ok, (await _directory.RegisterAccountAsync("eve", Token("c5"), "hash", DateTimeOffset.UtcNow, "10.0.0.7", 2, window)).Outcome);
    }

    [Fact]
    public async Task Logging_in_replaces_an_older_login_of_the_account_which_can_then_release_nothing()
    {
        await ClaimAccountAsync("teacher", "old");
        await _directory.ClaimAsync("guest", Token("new"));
        Assert.NotNull(await _directory.ReleaseAsync("guest", Token("new")));

        Assert.Equal((true, Token("old"), (LogId?)null, LogId.Zero), await _directory.LogInAsync("teacher", Token("new")));
        Assert.Equal(Token("new"), await _directory.LocateAsync("teacher"));
        Assert.Null(await _directory.ReleaseAsync("teacher", Token("old")));
        Assert.Equal(Token("new"), await _directory.LocateAsync("teacher"));
        // Both logins on one gateway: its list keeps the newer one (a renewal would count a user lost).
        Assert.Equal(1, _directory.RenewLease(Gateway, DateTimeOffset.UtcNow.AddMinutes(5)).Users);
        Assert.False(await _directory.SuspendAsync("teacher", Token("old"), DateTimeOffset.UtcNow.AddMinutes(2), seen: null));
        Assert.Equal(1, _directory.RenewLease(Gateway, DateTimeOffset.UtcNow.AddMinutes(5)).Users);
    }

    [Fact]
    public async Task A_password_is_set_by_its_account_or_a_moderator_only()
    {
        await ClaimAccountAsync("Ann", "c1", "old hash");
        await _directory.ClaimAsync("guest", Token("c2"));
        await ClaimAccountAsync("teacher", "c3");

        Assert.Equal((AccountOutcome.Ok, "Ann"), await _directory.SetPasswordAsync("Ann", Token("c1"), "ann", "new hash", moderator: false));
        Assert.Equal("new hash", (await _directory.FindAccountAsync("ann"))!.PasswordHash);

        Assert.Equal((AccountOutcome.SessionLost, null), await _directory.SetPasswordAsync("Ann", Token("c2"), "Ann", "stolen", moderator: false));
        Assert.Equal((AccountOutcome.NotAnAccount, null), await _directory.SetPasswordAsync("guest", Token("c2"), "guest", "hash", moderator: false));
        Assert.Equal((AccountOutcome.NotModerator, null), await _directory.SetPasswordAsync("teacher", Token("c3"), "Ann", "hash", moderator: false));
        // The moderator flag counts only for an account's login: a guest the operator's list names is nobody.
        Assert.Equal((AccountOutcome.NotAnAccount, null), await _directory.SetPasswordAsync("guest", Token("c2"), "Ann", "hash", moderator: true));
        Assert.Equal((AccountOutcome.NoSuchAccount, null), await _directory.SetPasswordAsync("teacher", Token("c3"), "nobody", "hash", moderator: true));
        Assert.Equal((AccountOutcome.Ok, "Ann"), await _directory.SetPasswordAsync("teacher", Token("c3"), "ANN", "reset hash", moderator: true));
        Assert.Equal("reset hash", (await _directory.FindAccountAsync("Ann"))!.PasswordHash);
    }

    [Fact]
    public async Task The_operator_resets_any_accounts_password_and_a_guest_has_none_to_reset()
    {
        await ClaimAccountAsync("teacher", "c1", "forgotten hash");
        await _directory.ClaimAsync("guest", Token("c2"));

        Assert.Equal("teacher", await _directory.ResetPasswordAsync("TEACHER", "operator's hash"));
        Assert.Equal("operator's hash", (await _directory.FindAccountAsync("teacher"))!.PasswordHash);
        Assert.Null(await _directory.ResetPasswordAsync("guest", "hash"));
        Assert.Null(await _directory.FindAccountAsync("guest"));
        Assert.Null(await _directory.ResetPasswordAsync("nobody", "hash"));
    }

    [Fact]
    public async Task A_login_asked_again_by_the_login_holding_the_name_ends_nobody()
    {
        await ClaimAccountAsync("teacher", "first");
        await _directory.ReleaseAsync("teacher", Token("first"));
        await _directory.ClaimAsync("guest", Token("login"));

        Assert.Equal((true, (string?)null, (LogId?)null, LogId.Zero), await _directory.LogInAsync("teacher", Token("login")));
        // The same request again (the gateway never got the answer): the login holding the name is this one.
        Assert.Equal((true, (string?)null, (LogId?)null, LogId.Zero), await _directory.LogInAsync("teacher", Token("login")));
        Assert.Equal(Token("login"), await _directory.LocateAsync("teacher"));
    }

    [Fact]
    public async Task A_user_in_the_most_groups_allowed_creates_and_joins_none_and_zero_means_no_limit()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.ClaimAsync("ben", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync("One", "ann", Token("c1"), maxGroups: 1));
        Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync("Two", "ben", Token("c2"), maxGroups: 1));

        Assert.Equal(GroupOutcome.TooManyGroups, await _directory.CreateGroupAsync("Three", "ann", Token("c1"), maxGroups: 1));
        Assert.False(await Db.HashExistsAsync(_keys.GroupNames, "three"));
        Assert.Equal(GroupOutcome.TooManyGroups, (await _directory.JoinGroupAsync("Two", "ann", Token("c1"), maxGroups: 1)).Outcome);
        Assert.Equal(GroupOutcome.AlreadyMember, (await _directory.JoinGroupAsync("One", "ann", Token("c1"), maxGroups: 1)).Outcome);
        Assert.Equal(GroupOutcome.Ok, (await _directory.JoinGroupAsync("Two", "ann", Token("c1"), maxGroups: 0)).Outcome);
        Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync("Three", "ann", Token("c1")));
    }

    [Fact]
    public async Task Groups_are_unique_ignoring_case_membership_keys_are_ChatKeys_and_ownership_passes_to_the_oldest()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.ClaimAsync("ben", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync("Awesome", "ann", Token("c1")));
        Assert.Equal(GroupOutcome.AlreadyExists, await _directory.CreateGroupAsync("awesome", "ben", Token("c2")));

        var joined = await _directory.JoinGroupAsync("AWESOME", "ben", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, joined.Outcome);
        Assert.Equal("Awesome", joined.Group);
        Assert.Equal(["ann", "ben"], joined.Members.Select(m => m.User));
        Assert.Equal(2, await Db.SortedSetLengthAsync(_keys.GroupMembers("Awesome")));
        Assert.True(await Db.SetContainsAsync(_keys.UserGroups("ben"), "Awesome"));
        Assert.Equal("Awesome", (string?)await Db.HashGetAsync(_keys.GroupNames, "awesome"));

        var departures = await _directory.ReleaseAsync("ann", Token("c1"));
        var departure = Assert.Single(departures!);
        Assert.Equal(("Awesome", "ben"), (departure.Group, departure.NewOwner));
        Assert.Equal([new GroupMember("ben", Token("c2"))], departure.Remaining);
        Assert.Equal("ben", Assert.Single(await _directory.AllGroupsAsync()).Owner);

        var left = await _directory.LeaveGroupAsync("awesome", "ben", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, left.Outcome);
        Assert.Empty(await _directory.AllGroupsAsync());
        Assert.False(await Db.KeyExistsAsync(_keys.GroupNames));
        Assert.False(await Db.KeyExistsAsync(_keys.GroupMembers("Awesome")));
    }

    [Fact]
    public async Task Reclaim_puts_back_users_the_directory_lost_and_names_a_user_whose_name_was_taken()
    {
        await _directory.ClaimAsync("stayer", Token("c1"));
        await Db.KeyDeleteAsync([_keys.Users, _keys.Names, _keys.GatewayUsers(Gateway)]);
        await _directory.ClaimAsync("thief", Token("c3"));

        var (added, lost) = await _directory.ReclaimAsync([("stayer", Token("c1")), ("THIEF", Token("c2"))]);

        Assert.Equal(["stayer"], added);
        Assert.Equal(["THIEF"], lost);
        Assert.Equal(Token("c1"), await _directory.LocateAsync("stayer"));
        Assert.Equal(Token("c3"), await _directory.LocateAsync("thief"));
    }

    private ChatBus Bus(int perConversation = 1000) => new(_connection, _keys,
        Options.Create(new HistoryOptions { MessagesPerConversation = perConversation }), NullLogger<ChatBus>.Instance);

    private static ChatEvent Pm(string from, string text) => new() { Kind = ChatEventKind.Private, User = from, Text = text };

    [Fact]
    public async Task A_private_message_is_logged_then_published_once_to_the_recipients_gateway_addressed_as_they_are_spelled()
    {
        await _directory.ClaimAsync("Zoe", Token("c1"));
        var channel = await _connection.GetSubscriber().SubscribeAsync(_keys.GatewayChannel(Gateway));

        Assert.Equal((PrivateOutcome.Sent, "Zoe"), await Bus().SendPrivateAsync("zOE", Pm("ann", "hi")));
        Assert.Equal((PrivateOutcome.NoSuchUser, "nobody"), await Bus().SendPrivateAsync("nobody", Pm("ann", "hi")));

        var message = await channel.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(RelayEnvelope.TryParse((byte[])message.Message!, out var id, out var delivered));
        Assert.Equal(["Zoe"], delivered!.To!);
        Assert.Equal("hi", delivered.Text);
        var logged = Assert.Single(await new MessageLog(_connection, _keys).ReadAsync(LogId.Zero, null, 10));
        Assert.Equal(id, logged.Id);
        Assert.Equal(["Zoe"], logged.Event.To!);
    }

    [Fact]
    public async Task With_sharded_pub_sub_a_message_goes_out_on_the_shard_channel_only()
    {
        var sharded = new ChatKeys(_keys.Prefix, shardedPubSub: true);
        await _directory.ClaimAsync("Zoe", Token("c1"));
        var shardChannel = await _connection.GetSubscriber().SubscribeAsync(sharded.GatewayChannel(Gateway));
        var classicChannel = await _connection.GetSubscriber().SubscribeAsync(_keys.GatewayChannel(Gateway));
        var bus = new ChatBus(_connection, sharded, Options.Create(new HistoryOptions()), NullLogger<ChatBus>.Instance);

        Assert.Equal(PrivateOutcome.Sent, (await bus.SendPrivateAsync("zoe", Pm("ann", "sharded"))).Outcome);
        var message = await shardChannel.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(RelayEnvelope.TryParse((byte[])message.Message!, out _, out var delivered));
        Assert.Equal("sharded", delivered!.Text);

        // A classic publish after it on the same name comes first on the classic channel: the script's went elsewhere.
        await _connection.GetSubscriber().PublishAsync(_keys.GatewayChannel(Gateway), "marker");
        Assert.Equal("marker", (string?)(await classicChannel.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Message);
    }

    [Fact]
    public async Task A_numbered_frame_sent_again_after_a_dropped_connection_is_published_once()
    {
        await _directory.ClaimAsync("Zoe", Token("c1"));
        var frame = new ClientFrame("s3cret", 5);

        Assert.Equal(PrivateOutcome.Sent, (await Bus().SendPrivateAsync("zoe", Pm("ann", "hi"), frame)).Outcome);
        Assert.Equal(PrivateOutcome.Sent, (await Bus().SendPrivateAsync("zoe", Pm("ann", "hi"), frame)).Outcome);
        Assert.Equal(PrivateOutcome.Sent, (await Bus().SendPrivateAsync("zoe", Pm("ann", "older"), frame with { Number = 4 })).Outcome);
        Assert.Equal(PrivateOutcome.Sent, (await Bus().SendPrivateAsync("zoe", Pm("ann", "next"), frame with { Number = 6 })).Outcome);

        var logged = await new MessageLog(_connection, _keys).ReadAsync(LogId.Zero, null, 10);
        Assert.Equal(["hi", "next"], logged.Select(e => e.Event.Text));
        Assert.Equal("6", (string?)await Db.HashGetAsync(_keys.ClientSequences, "s3cret"));
    }

    [Fact]
    public async Task A_pm_to_an_account_that_is_away_is_logged_for_it_and_published_to_nobody()
    {
        await ClaimAccountAsync("teacher", "c1");
        await _directory.ReleaseAsync("teacher", Token("c1"), new LogId(5, 0));

        // Named as registered, not as typed: the sender's answer says "teacher is offline".
        Assert.Equal((PrivateOutcome.KeptForAccount, "teacher"), await Bus().SendPrivateAsync("TEACHER", Pm("ann", "see me")));

        var logged = Assert.Single(await new MessageLog(_connection, _keys).ReadAsync(LogId.Zero, null, 10));
        Assert.Equal(["teacher"], logged.Event.To!);
        Assert.Equal("5-0", (string?)await Db.HashGetAsync(_keys.Account("teacher"), "seen"));
    }

    [Fact]
    public async Task A_group_message_goes_to_the_other_members_suspended_ones_too_and_into_the_groups_history()
    {
        foreach (var (name, connection) in new[] { ("ann", "c1"), ("ben", "c2"), ("cat", "c3") })
        {
            await _directory.ClaimAsync(name, Token(connection));
        }

        await _directory.CreateGroupAsync("Club", "ann", Token("c1"));
        await _directory.JoinGroupAsync("club", "ben", Token("c2"));
        await _directory.JoinGroupAsync("club", "cat", Token("c3"));
        Assert.True(await _directory.SuspendAsync("cat", Token("c3"), DateTimeOffset.UtcNow.AddMinutes(2), null));

        var sent = new ChatEvent { Kind = ChatEventKind.Group, User = "ann", Group = "club", Text = "hello" };
        Assert.Equal(GroupOutcome.Ok, await Bus().SendToGroupAsync("CLUB", "ann", sent));
        Assert.Equal(GroupOutcome.NotMember, await Bus().SendToGroupAsync("club", "nobody", sent));

        var logged = Assert.Single(await new MessageLog(_connection, _keys).ReadAsync(LogId.Zero, null, 10));
        Assert.Equal(["ben", "cat"], logged.Event.To!);
        Assert.Equal("Club", logged.Event.Group); // as created, not as typed
        Assert.Equal(1, await Db.ListLengthAsync(_keys.GroupHistory("Club")));

        // The group's history goes with the group, so a new group of that name starts empty.
        foreach (var (name, connection) in new[] { ("ann", "c1"), ("ben", "c2"), ("cat", "c3") })
        {
            await _directory.LeaveGroupAsync("Club", name, Token(connection));
        }

        Assert.False(await Db.KeyExistsAsync(_keys.GroupHistory("Club")));
    }

    [Fact]
    public async Task A_group_larger_than_one_lookup_slice_reaches_every_member_online_in_member_order()
    {
        // publish.lua looks members up 1000 at a time (Lua's unpack holds a few thousand values at most).
        const int Members = 1001;
        await _directory.ClaimAsync("owner", Token("c-owner"));
        await _directory.CreateGroupAsync("Big", "owner", Token("c-owner"));
        var names = Enumerable.Range(0, Members).Select(i => $"m{i:D4}").ToList();
        foreach (var name in names)
        {
            await _directory.ClaimAsync(name, Token(name));
            await _directory.JoinGroupAsync("big", name, Token(name));
        }

        // One member away: not online, not an audience member.
        await _directory.ReleaseAsync("m0500", Token("m0500"));
        var sent = new ChatEvent { Kind = ChatEventKind.Group, User = "owner", Group = "Big", Text = "all of you" };
        Assert.Equal(GroupOutcome.Ok, await Bus().SendToGroupAsync("big", "owner", sent));

        var logged = Assert.Single(await new MessageLog(_connection, _keys).ReadAsync(LogId.Zero, null, 10));
        Assert.Equal(names.Where(n => n != "m0500"), logged.Event.To!);
    }

    [Fact]
    public async Task A_message_to_a_history_an_earlier_version_kept_as_a_stream_turns_it_into_a_list_keeping_both()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await Db.StreamAddAsync(_keys.RoomHistory, "e", "{\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"before the upgrade\"}");

        // Written before anyone read the history (reading converts it too).
        await Bus().PublishToAllAsync(new ChatEvent { Kind = ChatEventKind.Broadcast, User = "ann", Text = "after" });

        Assert.Equal(RedisType.List, await Db.KeyTypeAsync(_keys.RoomHistory));
        var room = await new MessageLog(_connection, _keys).ConversationAsync(null, "ann", 20);
        Assert.Equal(["before the upgrade", "after"], room.Messages.Select(m => m.Event.Text));
    }

    [Fact]
    public async Task History_reads_the_room_a_group_of_yours_or_your_pms_and_a_later_guest_of_a_name_sees_none_of_the_earlier_ones()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.ClaimAsync("ben", Token("c2"));
        var bus = Bus(perConversation: 3);
        for (var i = 1; i <= 5; i++)
        {
            await bus.PublishToAllAsync(new ChatEvent { Kind = ChatEventKind.Broadcast, User = "ann", Text = $"room {i}", Except = "ann" });
        }

        await bus.SendPrivateAsync("ben", Pm("ann", "secret"));
        var log = new MessageLog(_connection, _keys);

        var room = await log.ConversationAsync(null, "ben", 20);
        Assert.Equal(ConversationKind.Room, room.Kind);
        // Trimmed as written, to the length configured.
        Assert.Equal(["room 3", "room 4", "room 5"], room.Messages.Select(m => m.Event.Text));
        Assert.Equal(["room 4", "room 5"], (await log.ConversationAsync(null, "ben", 2)).Messages.Select(m => m.Event.Text));

        var pms = await log.ConversationAsync("ANN", "ben", 20);
        Assert.Equal((ConversationKind.User, "ann"), (pms.Kind, pms.Name));
        Assert.Equal(["secret"], pms.Messages.Select(m => m.Event.Text));

        await _directory.ReleaseAsync("ben", Token("c2"));
        await _directory.ClaimAsync("ben", Token("c3"));
        Assert.Empty((await log.ConversationAsync("ann", "ben", 20)).Messages);
        Assert.Equal(ConversationKind.NotFound, (await log.ConversationAsync("nobody", "ben", 20)).Kind);
    }

    [Fact]
    public async Task History_of_a_name_both_a_group_and_a_user_have_reads_the_one_its_scope_names()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.ClaimAsync("ben", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync("Ann", "ben", Token("c2")));
        var bus = Bus();
        Assert.Equal(GroupOutcome.Ok, await bus.SendToGroupAsync("ann", "ben", new ChatEvent { Kind = ChatEventKind.Group, User = "ben", Group = "ann", Text = "group" }));
        await bus.SendPrivateAsync("ben", Pm("ann", "pm"));
        var log = new MessageLog(_connection, _keys);

        Assert.Equal((ConversationKind.Group, "Ann"), Read(await log.ConversationAsync("ann", "ben", 20)));
        Assert.Equal((ConversationKind.Group, "Ann"), Read(await log.ConversationAsync("ann", "ben", 20, scope: HistoryScope.Group)));
        Assert.Equal((ConversationKind.User, "ann"), Read(await log.ConversationAsync("ann", "ben", 20, scope: HistoryScope.User)));
        Assert.Equal(["pm"], (await log.ConversationAsync("ann", "ben", 20, scope: HistoryScope.User)).Messages.Select(m => m.Event.Text));
        // ann is not in the group: a bare name finds the user ben; marked as a group, nothing.
        Assert.Equal(ConversationKind.NotFound, (await log.ConversationAsync("ann", "ann", 20, scope: HistoryScope.Group)).Kind);
        Assert.Equal(ConversationKind.NotFound, (await log.ConversationAsync("nobody", "ann", 20, scope: HistoryScope.User)).Kind);

        static (ConversationKind, string) Read(HistoryPage page) => (page.Kind, page.Name);
    }

    [Fact]
    public async Task History_leaves_out_what_is_older_than_the_age_limit()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        var old = LogId.At(DateTimeOffset.UtcNow.AddDays(-8));
        await Db.ListRightPushAsync(_keys.RoomHistory, $"{old} {{\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"last week\"}}");
        await Bus().PublishToAllAsync(new ChatEvent { Kind = ChatEventKind.Broadcast, User = "ann", Text = "today" });

        var room = await new MessageLog(_connection, _keys).ConversationAsync(null, "ann", 20);

        Assert.Equal(["today"], room.Messages.Select(m => m.Event.Text));
    }

    [Fact]
    public async Task A_history_an_earlier_version_kept_as_a_stream_is_read_and_carried_on_as_a_list()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await Db.StreamAddAsync(_keys.RoomHistory, "e", "{\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"before the upgrade\"}");
        var log = new MessageLog(_connection, _keys);

        Assert.Equal(["before the upgrade"], (await log.ConversationAsync(null, "ann", 20)).Messages.Select(m => m.Event.Text));
        await Bus().PublishToAllAsync(new ChatEvent { Kind = ChatEventKind.Broadcast, User = "ann", Text = "after" });

        Assert.Equal(RedisType.List, await Db.KeyTypeAsync(_keys.RoomHistory));
        Assert.Equal(["before the upgrade", "after"], (await log.ConversationAsync(null, "ann", 20)).Messages.Select(m => m.Event.Text));
    }

    [Fact]
    public async Task Messages_published_at_once_reach_each_gateway_in_log_order_fewer_publishes_than_messages_when_batched()
    {
        const int Count = 200;
        await _directory.ClaimAsync("zoe", Token("c1"));
        var channel = await _connection.GetSubscriber().SubscribeAsync(_keys.GatewayChannel(Gateway));
        var bus = Bus();

        // Handed in together: all but the first queue while the first is on its way, and go as one batch.
        var outcomes = await Task.WhenAll(Enumerable.Range(1, Count).Select(i => bus.SendPrivateAsync("zoe", Pm("ann", $"pm {i}"))));

        Assert.All(outcomes, outcome => Assert.Equal(PrivateOutcome.Sent, outcome.Outcome));
        var received = new List<(LogId Id, ChatEvent? Event)>();
        var publishes = 0;
        while (received.Count < Count)
        {
            var message = await channel.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            received.AddRange(RelayEnvelope.Lines((byte[])message.Message!));
            publishes++;
        }

        Assert.Equal(Enumerable.Range(1, Count).Select(i => $"pm {i}"), received.Select(line => line.Event!.Text));
        Assert.Equal(received.Select(line => line.Id).Order(), received.Select(line => line.Id));
        // 200 messages each in a call of its own would take 200 round trips while the test thread hands in the
        // rest: not on any machine this runs on.
        Assert.InRange(publishes, 1, Count - 1);
    }

    [Fact]
    public async Task A_suspended_login_keeps_its_name_and_resumes_only_with_its_secret_until_released()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        Assert.True(await _directory.MakeResumableAsync("ann", Token("c1"), "s3cret"));
        Assert.True(await _directory.SuspendAsync("ann", Token("c1"), DateTimeOffset.UtcNow.AddMinutes(2), null));
        Assert.Empty(await _directory.UsersOfGatewayAsync(Gateway));
        Assert.Equal("ann1", (await _directory.ClaimAsync("ann", Token("c9"))).Name);

        Assert.Equal(ResumeStatus.Unknown, (await _directory.ResumeAsync("ann", "wrong", Token("c2"))).Status);
        Assert.Equal(new ResumeResult(ResumeStatus.Ok, "ann", Token("c1")), await _directory.ResumeAsync("ANN", "s3cret", Token("c2")));
        Assert.Equal(Token("c2"), await _directory.LocateAsync("ann"));
        Assert.False(await _directory.IsSuspendedAsync("ann"));
        Assert.Empty(await _directory.ExpiredSuspensionsAsync(DateTimeOffset.UtcNow.AddHours(1)));

        Assert.NotNull(await _directory.ReleaseAsync("ann", Token("c2")));
        Assert.False(await _directory.IsResumableAsync("ann"));
        Assert.Equal(ResumeStatus.Unknown, (await _directory.ResumeAsync("ann", "s3cret", Token("c3"))).Status);
    }

    [Fact]
    public async Task A_suspension_past_its_window_is_found_for_release()
    {
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.SuspendAsync("ann", Token("c1"), DateTimeOffset.UtcNow.AddSeconds(-1), null);
        Assert.Equal([("ann", Token("c1"))], await _directory.ExpiredSuspensionsAsync(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Login_failures_count_against_the_account_and_the_address_and_expire()
    {
        var now = DateTimeOffset.UtcNow;
        await _directory.RecordLoginFailureAsync("Teacher", "10.0.0.9", now, TimeSpan.FromMinutes(15));
        await _directory.RecordLoginFailureAsync("teacher", "10.0.0.9", now.AddSeconds(1), TimeSpan.FromMinutes(15));

        Assert.Equal(new LoginFailures(2, now.AddSeconds(1).ToUnixTimeMilliseconds()), await _directory.LoginFailuresAsync("account", "TEACHER"));
        Assert.Equal(2, (await _directory.LoginFailuresAsync("address", "10.0.0.9")).Count);
        Assert.True(await Db.KeyTimeToLiveAsync(_keys.LoginFailures("account", "teacher")) > TimeSpan.FromMinutes(14));

        await _directory.ClearLoginFailuresAsync("teacher");
        Assert.Equal(LoginFailures.None, await _directory.LoginFailuresAsync("account", "teacher"));
        Assert.Equal(2, (await _directory.LoginFailuresAsync("address", "10.0.0.9")).Count);
    }

    [Fact]
    public async Task All_groups_are_read_a_page_per_call_and_listed_once_each_in_order()
    {
        await _directory.ClaimAsync("owner", Token("c1"));
        string[] names = [.. Enumerable.Range(0, 1_200).Select(i => $"g{i:D4}")];
        foreach (var name in names)
        {
            Assert.Equal(GroupOutcome.Ok, await _directory.CreateGroupAsync(name, "owner", Token("c1")));
        }

        await _directory.SetGroupModeAsync("g0007", "owner", Token("c1"), inviteOnly: true);

        // One call reads about a page and says where to go on, not the whole list.
        var first = (RedisResult[])(await DirectoryScript.Load("all-groups").EvaluateAsync(Db, [], [_keys.Prefix, "guest", "0", "0", 100]))!;
        Assert.NotEqual("0", (string?)first[0]);
        Assert.InRange((first.Length - 1) / 4, 1, 600);

        var seen = await _directory.AllGroupsAsync("guest");
        Assert.Equal(names.Where(n => n != "g0007"), seen.Select(g => g.Group));
        Assert.All(seen, g => Assert.Equal(new GroupSummary(g.Group, "owner", 1), g));
        Assert.Equal(names, (await _directory.AllGroupsAsync("owner")).Select(g => g.Group));
    }

    [Fact]
    public async Task An_invite_only_group_takes_only_the_invited_and_shows_itself_only_to_members()
    {
        await _directory.ClaimAsync("owner", Token("c1"));
        await _directory.ClaimAsync("guest", Token("c2"));
        await _directory.CreateGroupAsync("Club", "owner", Token("c1"));

        Assert.Equal(GroupOutcome.NotOwner, (await _directory.SetGroupModeAsync("club", "guest", Token("c2"), inviteOnly: true)).Outcome);
        Assert.Equal(new GroupAction(GroupOutcome.Ok, "Club"), await _directory.SetGroupModeAsync("club", "owner", Token("c1"), inviteOnly: true));
        Assert.Equal("invite", (string?)await Db.HashGetAsync(_keys.GroupModes, "Club"));

        Assert.Equal(GroupOutcome.InviteOnly, (await _directory.JoinGroupAsync("Club", "guest", Token("c2"))).Outcome);
        Assert.Empty(await _directory.AllGroupsAsync("guest"));
        Assert.Null(await _directory.GroupMembersAsync("Club", "guest"));
        Assert.Equal([new GroupSummary("Club", "owner", 1, InviteOnly: true)], await _directory.AllGroupsAsync("owner"));

        Assert.Equal(new GroupAction(GroupOutcome.Ok, "Club", "guest", Token("c2")), await _directory.InviteToGroupAsync("CLUB", "owner", Token("c1"), "GUEST"));
        Assert.Equal(new GroupAction(GroupOutcome.AlreadyInvited, "Club", "guest"), await _directory.InviteToGroupAsync("club", "owner", Token("c1"), "guest"));
        Assert.Equal(1, await Db.SetLengthAsync(_keys.GroupInvited("Club")));
        Assert.Equal(GroupOutcome.Ok, (await _directory.JoinGroupAsync("Club", "guest", Token("c2"))).Outcome);
        Assert.Equal(["owner", "guest"], (await _directory.GroupMembersAsync("club", "guest"))!.Members);

        var kicked = await _directory.KickFromGroupAsync("Club", "owner", Token("c1"), "Guest");
        Assert.Equal((GroupOutcome.Ok, "guest", Token("c2")), (kicked.Outcome, kicked.User, kicked.UserToken));
        Assert.Equal(0, await Db.SetLengthAsync(_keys.GroupInvited("Club")));
        Assert.Equal(GroupOutcome.InviteOnly, (await _directory.JoinGroupAsync("Club", "guest", Token("c2"))).Outcome);
        Assert.Equal(GroupOutcome.Self, (await _directory.KickFromGroupAsync("Club", "owner", Token("c1"), "owner")).Outcome);

        // The last member leaving deletes the group with its mode and invitations.
        await _directory.LeaveGroupAsync("Club", "owner", Token("c1"));
        Assert.False(await Db.KeyExistsAsync(_keys.GroupModes));
        Assert.False(await Db.KeyExistsAsync(_keys.GroupInvited("Club")));
    }

    [Fact]
    public async Task An_invitation_is_for_a_guests_login_or_an_account_never_for_the_next_guest_of_the_name()
    {
        await _directory.ClaimAsync("owner", Token("c1"));
        await _directory.CreateGroupAsync("Club", "owner", Token("c1"));
        await _directory.SetGroupModeAsync("Club", "owner", Token("c1"), inviteOnly: true);

        // Nobody of that name: nobody to invite (a guest who takes the name later would be let in).
        Assert.Equal(GroupOutcome.NoSuchUser, (await _directory.InviteToGroupAsync("Club", "owner", Token("c1"), "nobody")).Outcome);

        // A guest leaves before joining; the next guest of the name is somebody else.
        await _directory.ClaimAsync("alice", Token("c2"));
        Assert.Equal(GroupOutcome.Ok, (await _directory.InviteToGroupAsync("Club", "owner", Token("c1"), "alice")).Outcome);
        await _directory.ReleaseAsync("alice", Token("c2"));
        await _directory.ClaimAsync("alice", Token("c3"));
        Assert.Equal(GroupOutcome.InviteOnly, (await _directory.JoinGroupAsync("Club", "alice", Token("c3"))).Outcome);

        // A guest invited, then registering the name, is still the one invited.
        await _directory.ClaimAsync("bob", Token("c4"));
        await _directory.InviteToGroupAsync("Club", "owner", Token("c1"), "bob");
        await _directory.RegisterAccountAsync("bob", Token("c4"), "hash", DateTimeOffset.UtcNow);
        Assert.Equal(GroupOutcome.Ok, (await _directory.JoinGroupAsync("Club", "bob", Token("c4"))).Outcome);

        // An account away is invited by name, as registered, and finds it at its next login.
        await ClaimAccountAsync("Carol", "c5");
        await _directory.ReleaseAsync("Carol", Token("c5"));
        Assert.Equal(new GroupAction(GroupOutcome.Ok, "Club", "Carol", null), await _directory.InviteToGroupAsync("Club", "owner", Token("c1"), "CAROL"));
        await _directory.ClaimAsync("someone", Token("c6"));
        await _directory.LogInAsync("Carol", Token("c6"));
        await _directory.ReleaseAsync("someone", Token("c6"));
        Assert.Equal(GroupOutcome.Ok, (await _directory.JoinGroupAsync("Club", "Carol", Token("c6"))).Outcome);

        // An account an earlier version invited by name alone still is.
        await ClaimAccountAsync("dave", "c7");
        await Db.SetAddAsync(_keys.GroupInvited("Club"), "dave");
        Assert.Equal(GroupOutcome.Ok, (await _directory.JoinGroupAsync("Club", "dave", Token("c7"))).Outcome);

        // Removing a member takes back every form of the invitation.
        await _directory.KickFromGroupAsync("Club", "owner", Token("c1"), "bob");
        Assert.Equal(GroupOutcome.InviteOnly, (await _directory.JoinGroupAsync("Club", "bob", Token("c4"))).Outcome);
    }

    [Fact]
    public async Task An_accounts_memberships_and_ownerships_stay_while_it_is_away_a_guests_do_not()
    {
        await ClaimAccountAsync("teacher", "c1");
        await _directory.ClaimAsync("guest", Token("c2"));
        await _directory.CreateGroupAsync("Class", "teacher", Token("c1"));
        await _directory.JoinGroupAsync("Class", "guest", Token("c2"));

        Assert.Empty((await _directory.ReleaseAsync("teacher", Token("c1")))!);
        Assert.Equal(new GroupSummary("Class", "teacher", 2), Assert.Single(await _directory.AllGroupsAsync()));
        Assert.Equal(["Class"], await _directory.GroupsOfAsync("teacher"));

        Assert.Single((await _directory.ReleaseAsync("guest", Token("c2")))!);
        Assert.Equal(["teacher"], (await _directory.GroupMembersAsync("Class", "teacher"))!.Members);
    }

    [Fact]
    public async Task A_guest_who_logs_in_to_an_account_hands_it_its_groups_in_its_place_up_to_the_limit()
    {
        await ClaimAccountAsync("kim", "k0");
        await _directory.ClaimAsync("ann", Token("c1"));
        await _directory.CreateGroupAsync("Both", "ann", Token("c1"));
        await _directory.JoinGroupAsync("Both", "kim", Token("k0"));
        await _directory.ReleaseAsync("kim", Token("k0")); // away: the account stays in Both

        await _directory.ClaimAsync("guest", Token("g1"));
        await _directory.CreateGroupAsync("Mine", "guest", Token("g1"));
        await _directory.JoinGroupAsync("Mine", "ann", Token("c1"));
        foreach (var group in new[] { "Both", "Class", "Other" })
        {
            if (group != "Both")
            {
                await _directory.CreateGroupAsync(group, "ann", Token("c1"));
            }

            await _directory.JoinGroupAsync(group, "guest", Token("g1"));
        }

        Assert.True((await _directory.LogInAsync("kim", Token("g1"))).Done);
        var carried = await _directory.CarryGroupsAsync("guest", "kim", Token("g1"), maxGroups: 3);

        // In name order: Both it was in already (only the guest goes); Class and Mine it joins, in the guest's
        // place (Mine: first, and owner); Other would be a fourth group, so it stays the guest's.
        Assert.Equal([("Both", false, false), ("Class", true, false), ("Mine", true, true)], carried.Select(g => (g.Group, g.Joined, g.Owns)));
        Assert.Equal([new GroupMember("ann", Token("c1")), new GroupMember("kim", Token("g1"))], carried[0].Members);
        Assert.Equal(["kim", "ann"], carried[2].Members.Select(m => m.User));
        Assert.Equal("kim", (await _directory.AllGroupsAsync()).Single(g => g.Group == "Mine").Owner);
        Assert.Equal(["Both", "Class", "Mine"], await _directory.GroupsOfAsync("kim"));

        // The release that follows takes the guest out of what did not move.
        var departure = Assert.Single((await _directory.ReleaseAsync("guest", Token("g1")))!);
        Assert.Equal("Other", departure.Group);
        Assert.Equal(["ann"], (await _directory.GroupMembersAsync("Other", "ann"))!.Members);

        // Nothing to carry from a name the token no longer holds, or from an account's.
        Assert.Empty(await _directory.CarryGroupsAsync("guest", "kim", Token("g1")));
        await _directory.ClaimAsync("ann2", Token("c3"));
        Assert.Empty(await _directory.CarryGroupsAsync("kim", "ann2", Token("g1")));
        Assert.Equal(["Both", "Class", "Mine"], await _directory.GroupsOfAsync("kim"));
    }
}
