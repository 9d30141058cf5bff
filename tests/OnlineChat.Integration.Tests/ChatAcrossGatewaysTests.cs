using OnlineChat.Protocol;

namespace OnlineChat.Integration.Tests;

/// <summary>The seed's features between clients on different gateways, through the real AppHost.</summary>
public sealed class ChatAcrossGatewaysTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    [Fact]
    public async Task The_seed_demo_works_between_gateway_1_and_gateway_3()
    {
        await using var flowers = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("flowers"));
        await using var bones = await ChatTestClient.LoginAsync(system.Gateway(3), ChatTestClient.UniqueName("bones"));
        await flowers.WaitForAsync($"{bones.Name} is now online.\n");

        await flowers.SendAsync("hello :)\n");
        await bones.WaitForAsync($"{flowers.Name}: hello :)\n");

        await bones.SendAsync($"/pm {flowers.Name} nm wby\n");
        await flowers.WaitForAsync($"(PM) {bones.Name}: nm wby\n");

        var group = ChatTestClient.UniqueName("Awesome");
        await flowers.SendAsync($"/cg {group}");
        await flowers.WaitForAsync($"Group {group} created.\n");
        await bones.SendAsync($"/jg {group}");
        await flowers.WaitForAsync($"{bones.Name} has joined group {group}.\n");
        await bones.WaitForAsync($"{bones.Name} has joined group {group}.\n");

        await flowers.SendAsync($"/cg {group}");
        await flowers.WaitForAsync(ChatText.GroupExists);

        await flowers.SendAsync($"/gc {group} welcome to the group");
        await bones.WaitForAsync($"({group}) {flowers.Name}: welcome to the group\n");
        await bones.SendAsync($"/gc {group} thanks");
        await flowers.WaitForAsync($"({group}) {bones.Name}: thanks\n");

        await bones.SendAsync("/listg");
        await bones.WaitForAsync($"Your groups: {group}\n");
        await bones.SendAsync("/listallg");
        Assert.Contains($"  {group} (owner {flowers.Name}, 2 members)\n", await bones.ReceiveAsync());

        await flowers.SendAsync("/lo");
        var online = await flowers.ReceiveAsync();
        Assert.StartsWith("Online: ", online);
        Assert.Contains(flowers.Name, online);
        Assert.Contains(bones.Name, online);

        // The owner leaves: the other member is told and inherits the group.
        await flowers.SendAsync("/quit");
        Assert.Equal(ChatText.Goodbye, (await flowers.ReadUntilClosedAsync()).Last());
        await bones.WaitForAsync($"{flowers.Name} has just left group {group}.\n");
        await bones.WaitForAsync($"{bones.Name} is now the owner of group {group}.\n");
        await bones.WaitForAsync($"{flowers.Name} has gone offline.\n");
    }

    [Fact]
    public async Task A_sender_does_not_get_its_own_broadcast_or_group_message_back()
    {
        await using var alice = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("alice"));
        await using var carol = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("carol"));
        await alice.WaitForAsync($"{carol.Name} is now online.\n");
        var group = ChatTestClient.UniqueName("g");
        await alice.SendAsync($"/cg {group}");
        await alice.WaitForAsync($"Group {group} created.\n");

        await alice.SendAsync("just me talking");
        await alice.SendAsync($"/gc {group} only member");
        await carol.WaitForAsync($"{alice.Name}: just me talking\n");

        // Replies come back in order, so if an echo were coming it would arrive before this answer.
        await alice.SendAsync("/listg");
        Assert.Equal($"Your groups: {group}\n", await alice.ReceiveAsync());
    }

    [Fact]
    public async Task Group_messages_reach_members_on_every_gateway_and_nobody_else()
    {
        var group = ChatTestClient.UniqueName("club");
        await using var owner = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("owner"));
        await using var member = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("member"));
        await using var outsider = await ChatTestClient.LoginAsync(system.Gateway(3), ChatTestClient.UniqueName("outsider"));

        await outsider.SendAsync($"/jg {group}");
        Assert.Equal(ChatText.NoSuchGroup, await outsider.ReceiveAsync());
        await owner.SendAsync($"/cg {group}");
        await owner.WaitForAsync($"Group {group} created.\n");
        await member.SendAsync($"/jg {group}");
        await member.WaitForAsync($"{member.Name} has joined group {group}.\n");
        await member.SendAsync($"/jg {group}");
        Assert.Equal(ChatText.AlreadyAMember, await member.ReceiveAsync());

        await outsider.SendAsync($"/gc {group} let me in");
        Assert.Equal(ChatText.NotAMember, await outsider.ReceiveAsync());
        await outsider.SendAsync($"/lg {group}");
        Assert.Equal(ChatText.NotAMember, await outsider.ReceiveAsync());

        await owner.SendAsync($"/gc {group} members only");
        await member.WaitForAsync($"({group}) {owner.Name}: members only\n");

        // The outsider's next frame is this PM, not the group message sent before it.
        await owner.SendAsync($"/pm {outsider.Name} ping");
        var outsiderFrames = await outsider.WaitForAsync($"(PM) {owner.Name}: ping\n");
        Assert.DoesNotContain(outsiderFrames, f => f.Contains("members only"));

        // When the last members leave, the group is gone.
        await member.SendAsync($"/lg {group}");
        await member.WaitForAsync($"{member.Name} has just left group {group}.\n");
        await owner.WaitForAsync($"{member.Name} has just left group {group}.\n");
        await owner.SendAsync($"/lg {group}");
        await owner.WaitForAsync($"{owner.Name} has just left group {group}.\n");
        await owner.SendAsync($"/jg {group}");
        Assert.Equal(ChatText.NoSuchGroup, await owner.ReceiveAsync());
        await owner.SendAsync($"/lg {group}");
        Assert.Equal(ChatText.NoSuchGroup, await owner.ReceiveAsync());
    }

    [Fact]
    public async Task Group_messages_reach_each_online_member_once_and_in_the_order_sent()
    {
        var group = ChatTestClient.UniqueName("band");
        await using var owner = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("lead"));
        await owner.SendAsync($"/cg {group}");
        await owner.WaitForAsync($"Group {group} created.\n");
        // Two members share gateway 2, so its copy of each message must name both of them.
        var members = new List<ChatTestClient>();
        foreach (var gateway in new[] { 2, 2, 3 })
        {
            var member = await ChatTestClient.LoginAsync(system.Gateway(gateway), ChatTestClient.UniqueName("player"));
            members.Add(member);
            await member.SendAsync($"/jg {group}");
            await member.WaitForAsync($"{member.Name} has joined group {group}.\n");
        }

        // A member who went offline is skipped, not an error for the sender.
        var gone = await ChatTestClient.LoginAsync(system.Gateway(3), ChatTestClient.UniqueName("roadie"));
        await gone.SendAsync($"/jg {group}");
        await gone.WaitForAsync($"{gone.Name} has joined group {group}.\n");
        await gone.SendAsync("/quit");
        await gone.ReadUntilClosedAsync();
        await gone.DisposeAsync();
        foreach (var member in members.Append(owner))
        {
            await member.WaitForAsync($"{gone.Name} has just left group {group}.\n");
        }

        const int count = 20;
        for (var i = 0; i < count; i++)
        {
            await owner.SendAsync($"/gc {group} take {i}");
        }

        foreach (var member in members)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.Equal($"({group}) {owner.Name}: take {i}\n", await member.ReceiveAsync());
            }

            // Nothing twice: the next frame is this PM, not a second copy of a group message.
            await owner.SendAsync($"/pm {member.Name} done");
            Assert.Equal($"(PM) {owner.Name}: done\n", await member.ReceiveAsync());
        }

        await owner.SendAsync("/listg");
        Assert.Equal($"Your groups: {group}\n", await owner.ReceiveAsync()); // no error, no echo before it
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mistakes_get_clear_answers()
    {
        await using var user = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("typo"));

        await user.SendAsync("/nope");
        Assert.Equal(ChatText.UnknownCommand("nope"), await user.ReceiveAsync());
        await user.SendAsync("/pm");
        Assert.Equal(ChatText.Usage.PrivateMessage + "\n", await user.ReceiveAsync());
        await user.SendAsync("/gc onlyname");
        Assert.Equal(ChatText.Usage.GroupMessage + "\n", await user.ReceiveAsync());
        await user.SendAsync("/cg");
        Assert.Equal(ChatText.Usage.CreateGroup + "\n", await user.ReceiveAsync());
        await user.SendAsync("/jg");
        Assert.Equal(ChatText.Usage.JoinGroup + "\n", await user.ReceiveAsync());
        await user.SendAsync("/lg");
        Assert.Equal(ChatText.Usage.LeaveGroup + "\n", await user.ReceiveAsync());
        await user.SendAsync("/pm nobody_here_at_all hi");
        Assert.Equal(ChatText.UserNotFound("nobody_here_at_all"), await user.ReceiveAsync());
        await user.SendAsync("/gc no_such_group hi");
        Assert.Equal(ChatText.NoSuchGroup, await user.ReceiveAsync());
        await user.SendAsync("/listg");
        Assert.Equal(ChatText.NoGroupsOfMine, await user.ReceiveAsync());
        await user.SendAsync("/help");
        Assert.Equal(ChatText.HelpText, await user.ReceiveAsync());
        await user.SendAsync("bell\u0007");
        Assert.StartsWith("Error: ", await user.ReceiveAsync());
    }

    [Fact]
    public async Task A_taken_name_gets_the_first_free_number_on_any_gateway()
    {
        var name = ChatTestClient.UniqueName("dup");
        await using var first = await ChatTestClient.LoginAsync(system.Gateway(1), name);
        await using var second = await ChatTestClient.LoginAsync(system.Gateway(3), name);
        await using var third = await ChatTestClient.LoginAsync(system.Gateway(2), name);

        Assert.Equal(name, first.Name);
        Assert.Equal(name + "1", second.Name);
        Assert.Equal(name + "2", third.Name);
    }

    [Fact]
    public async Task Simultaneous_claims_of_one_name_on_two_gateways_give_distinct_names()
    {
        var names = Enumerable.Range(0, 6).Select(_ => ChatTestClient.UniqueName("race")).ToArray();
        var logins = names.SelectMany(n => new[]
        {
            ChatTestClient.LoginAsync(system.Gateway(1), n),
            ChatTestClient.LoginAsync(system.Gateway(2), n),
        }).ToArray();
        var clients = await Task.WhenAll(logins);
        try
        {
            foreach (var name in names)
            {
                var granted = clients.Select(c => c.Name).Where(n => n.StartsWith(name, StringComparison.Ordinal)).Order().ToArray();
                Assert.Equal([name, name + "1"], granted);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_abrupt_disconnect_tells_everyone_and_frees_the_name()
    {
        var group = ChatTestClient.UniqueName("band");
        var name = ChatTestClient.UniqueName("vanisher");
        await using var watcher = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("watcher"));
        var vanisher = await ChatTestClient.LoginAsync(system.Gateway(2), name);
        await watcher.SendAsync($"/cg {group}");
        await watcher.WaitForAsync($"Group {group} created.\n");
        await vanisher.SendAsync($"/jg {group}");
        await watcher.WaitForAsync($"{name} has joined group {group}.\n");

        await vanisher.DisposeAsync(); // Socket closed with no /quit.

        await watcher.WaitForAsync($"{name} has just left group {group}.\n");
        await watcher.WaitForAsync($"{name} has gone offline.\n");
        await using var again = await ChatTestClient.LoginAsync(system.Gateway(3), name);
        Assert.Equal(name, again.Name);
    }
}
