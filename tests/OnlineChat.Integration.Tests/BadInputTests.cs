using System.Text;

namespace OnlineChat.Integration.Tests;

/// <summary>Hostile or broken clients get a clear error and are closed; nobody else notices.</summary>
public sealed class BadInputTests(ChatSystemFixture system) : IClassFixture<ChatSystemFixture>
{
    public static TheoryData<string, byte[]> BadFrames => new()
    {
        { "length over the maximum", "999999,"u8.ToArray() },
        { "too many digits", "12345678901234567890"u8.ToArray() },
        { "non-digit prefix", "hello, world"u8.ToArray() },
        { "negative length", "-5,hello"u8.ToArray() },
        { "leading zeros", "0005,hello"u8.ToArray() },
        { "invalid UTF-8", [(byte)'2', (byte)',', 0xC3, 0x28] },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task A_bad_frame_after_login_gets_an_error_and_the_connection_closes(string why, byte[] wire)
    {
        await using var bystander = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("bystander"));
        var offender = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("offender"));

        await offender.SendRawAsync(wire);

        var frames = await offender.ReadUntilClosedAsync();
        Assert.True(frames.Any(f => f.StartsWith("Error: ", StringComparison.Ordinal)), $"{why}: got {string.Join(" | ", frames)}");
        await bystander.WaitForAsync($"{offender.Name} has gone offline.\n");

        // Everybody else carries on.
        await using var friend = await ChatTestClient.LoginAsync(system.Gateway(3), ChatTestClient.UniqueName("friend"));
        await friend.SendAsync($"/pm {bystander.Name} still here?");
        await bystander.WaitForAsync($"(PM) {friend.Name}: still here?\n");
        await offender.DisposeAsync();
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("server")]
    [InlineData("t\u0435acher")] // Cyrillic е
    [InlineData("\uFF54\uFF45\uFF41\uFF43\uFF48\uFF45\uFF52")] // fullwidth
    [InlineData("\u3164")] // invisible Hangul filler
    public async Task A_refused_username_gets_a_reason_not_a_rename(string name)
    {
        await using var client = await ChatTestClient.ConnectAsync(system.Gateway(2));
        Assert.Equal("ACK", await client.ReceiveAsync());
        await client.SendAsync(name);

        var frames = await client.ReadUntilClosedAsync();
        var reply = Assert.Single(frames);
        Assert.StartsWith("Error: ", reply);
    }

    [Fact]
    public async Task A_frame_split_into_single_bytes_still_arrives_whole()
    {
        await using var listener = await ChatTestClient.LoginAsync(system.Gateway(1), ChatTestClient.UniqueName("listener"));
        await using var slowTyper = await ChatTestClient.LoginAsync(system.Gateway(2), ChatTestClient.UniqueName("typer"));
        var wire = Encoding.UTF8.GetBytes($"/pm {listener.Name} grüße");
        var frame = Encoding.ASCII.GetBytes($"{wire.Length},").Concat(wire).ToArray();

        foreach (var b in frame)
        {
            await slowTyper.SendRawAsync([b]);
        }

        await listener.WaitForAsync($"(PM) {slowTyper.Name}: grüße\n");
    }

    [Fact]
    public async Task A_taken_name_of_the_longest_length_gets_a_suffix_within_the_limit()
    {
        var name = ChatTestClient.UniqueName("long").PadRight(OnlineChat.Protocol.ChatNames.MaxLength, 'x');
        await using var first = await ChatTestClient.LoginAsync(system.Gateway(1), name);
        await using var second = await ChatTestClient.LoginAsync(system.Gateway(2), name);

        Assert.Equal(name, first.Name);
        Assert.Equal(name[..^1] + "1", second.Name);
    }
}
