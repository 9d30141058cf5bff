using System.Text;
using System.Text.Json;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// The contract between publish.lua and the gateways: what a gateway's channel carries, byte for byte. Who
/// gets a message is the audience field alone, never something inside the JSON, so a renamed property can
/// never widen it.
/// </summary>
public sealed class RelayEnvelopeTests
{
    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void The_audience_alone_says_who_gets_a_line_star_everyone_names_those_users_empty_nobody()
    {
        var lines = RelayEnvelope.Lines(Payload(
            "1700000000000-0 * {\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"hi all\",\"Except\":\"ann\"}\n" +
            "1700000000000-1 ben,cat {\"Kind\":\"Group\",\"User\":\"ann\",\"Group\":\"club\",\"Text\":\"hi club\",\"To\":null}\n" +
            "1700000000001-0  {\"Kind\":\"Private\",\"User\":\"ann\",\"Text\":\"to nobody online\",\"To\":[\"everyone\"]}"));

        Assert.Equal([new LogId(1700000000000, 0), new LogId(1700000000000, 1), new LogId(1700000000001, 0)], lines.Select(l => l.Id));
        Assert.Null(lines[0].Event!.To);
        Assert.Equal("ann", lines[0].Event!.Except);
        // A "To" inside the JSON is not the audience: the field outside it wins, whatever the JSON says.
        Assert.Equal(["ben", "cat"], lines[1].Event!.To!);
        Assert.Empty(lines[2].Event!.To!);
    }

    [Fact]
    public void A_group_line_names_the_group_as_created_before_its_JSON_whatever_the_sender_typed()
    {
        var lines = RelayEnvelope.Lines(Payload(
            "1-0 ben,cat #Club {\"Kind\":\"Group\",\"User\":\"ann\",\"Group\":\"CLUB\",\"Text\":\"hi club\"}\n" +
            "1-1 ben #Club\n" +
            "1-2 ben {\"Kind\":\"Group\",\"User\":\"ann\",\"Group\":\"club\",\"Text\":\"an older line\"}"));

        Assert.Equal(("Club", "hi club"), (lines[0].Event!.Group, lines[0].Event!.Text));
        Assert.Equal(["ben", "cat"], lines[0].Event!.To!);
        Assert.Null(lines[1].Event); // a group and no event
        Assert.Equal("club", lines[2].Event!.Group); // a line without the group: as in the JSON
    }

    [Fact]
    public void A_line_that_is_not_ours_costs_only_that_line()
    {
        var lines = RelayEnvelope.Lines(Payload(
            "1-0 * {\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"first\"}\n" +
            "not an envelope\n" +
            "1-1 * {\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"bro\n" +
            "1-2 * {\"Kind\":\"NoSuchKind\",\"User\":\"ann\",\"Text\":\"odd\"}\n" +
            "1-3 * [1, 2]\n" +
            "1-4 * {\"Kind\":\"Broadcast\",\"User\":\"ann\",\"Text\":\"last\"}"));

        Assert.Equal(["first", null, null, null, null, "last"], lines.Select(l => l.Event?.Text));
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("carriage\rreturn")]
    [InlineData("line\u2028separator and \u2029 paragraph")]
    [InlineData("emoji 😀 and accents é")]
    public void An_event_as_published_never_holds_a_raw_newline_so_lines_can_be_joined_by_one(string text)
    {
        var chatEvent = new ChatEvent { Kind = ChatEventKind.Broadcast, User = "ann", Text = text };
        var json = JsonSerializer.SerializeToUtf8Bytes(chatEvent, ChatEventJsonContext.Default.ChatEvent);

        Assert.DoesNotContain((byte)'\n', json);
        var lines = RelayEnvelope.Lines([.. Payload("1-0 * "), .. json, (byte)'\n', .. Payload("1-1 * "), .. json]);
        Assert.Equal([text, text], lines.Select(l => l.Event!.Text));
    }
}
