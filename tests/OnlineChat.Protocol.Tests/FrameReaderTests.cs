using System.Buffers;
using System.Text;
using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class FrameReaderTests
{
    private const int Max = 8192;

    [Theory]
    [InlineData("5,hello", "hello")]
    [InlineData("0,", "")]
    [InlineData("3,a,b", "a,b")]
    [InlineData("5,héé", "héé")]
    public void Parses_a_whole_frame_and_consumes_it(string wire, string expected)
    {
        var buffer = Sequence(Encoding.UTF8.GetBytes(wire));

        Assert.True(FrameReader.TryParseFrame(ref buffer, Max, out var payload));
        Assert.Equal(expected, FrameText.Decode(payload));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Reads_several_frames_from_one_buffer_and_leaves_a_partial_one()
    {
        var buffer = Sequence("3,one3,two5,thr"u8.ToArray());
        var frames = new List<string>();
        while (FrameReader.TryParseFrame(ref buffer, Max, out var payload))
        {
            frames.Add(FrameText.Decode(payload));
        }

        Assert.Equal(["one", "two"], frames);
        Assert.Equal("5,thr", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void A_frame_split_at_every_byte_boundary_parses_the_same()
    {
        var wire = Encoding.UTF8.GetBytes("12,hello wörld2,hi");
        for (var cut = 0; cut <= wire.Length; cut++)
        {
            var buffer = Sequence(wire[..cut], wire[cut..]);
            var frames = new List<string>();
            while (FrameReader.TryParseFrame(ref buffer, Max, out var payload))
            {
                frames.Add(FrameText.Decode(payload));
            }

            Assert.Equal(["hello wörld", "hi"], frames);
        }
    }

    [Fact]
    public void Partial_input_returns_false_and_leaves_the_buffer_untouched()
    {
        var wire = Encoding.UTF8.GetBytes("12,hello wörld");
        for (var length = 0; length < wire.Length; length++)
        {
            var buffer = Sequence(wire[..length]);
            var before = buffer;

            Assert.False(FrameReader.TryParseFrame(ref buffer, Max, out _));
            Assert.Equal(before.Length, buffer.Length);
            Assert.Equal(before.Start, buffer.Start);
        }
    }

    [Fact]
    public void A_multibyte_character_split_across_reads_decodes_once_the_frame_is_whole()
    {
        var wire = Encoding.UTF8.GetBytes("4,€!"); // € is three bytes: E2 82 AC
        var buffer = Sequence(wire[..3], wire[3..4], wire[4..]);

        Assert.True(FrameReader.TryParseFrame(ref buffer, Max, out var payload));
        Assert.Equal("€!", FrameText.Decode(payload));
    }

    [Theory]
    [InlineData(",abc")]
    [InlineData("-5,abc")]
    [InlineData("5x,hello")]
    [InlineData("hello")]
    [InlineData(" 5,hello")]
    [InlineData("+5,hello")]
    [InlineData("0005,hello")] // leading zeros: the seed writes str(len(message))
    [InlineData("00,")]
    public void Malformed_prefixes_are_refused(string wire)
    {
        var buffer = Sequence(Encoding.UTF8.GetBytes(wire));
        Assert.Throws<InvalidDataException>(() => FrameReader.TryParseFrame(ref buffer, Max, out _));
    }

    [Fact]
    public void A_length_over_the_maximum_is_refused_before_its_payload_arrives()
    {
        var buffer = Sequence("8193,"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => FrameReader.TryParseFrame(ref buffer, Max, out _));
        Assert.Contains("8192", error.Message);
    }

    [Fact]
    public void A_prefix_with_more_digits_than_the_maximum_allows_is_refused_without_a_comma()
    {
        var buffer = Sequence("99999"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => FrameReader.TryParseFrame(ref buffer, Max, out _));
    }

    [Fact]
    public void An_absurd_length_is_refused()
    {
        var buffer = Sequence("99999999999999999999,"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => FrameReader.TryParseFrame(ref buffer, Max, out _));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var buffer = Sequence([(byte)'2', (byte)',', 0xC3, 0x28]);

        Assert.True(FrameReader.TryParseFrame(ref buffer, Max, out var payload));
        Assert.Throws<InvalidDataException>(() => FrameText.Decode(payload));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 2)]
    [InlineData(8192, 4)]
    [InlineData(int.MaxValue, 10)]
    public void Digit_count_bounds_the_prefix(int value, int digits) => Assert.Equal(digits, FrameReader.DigitCount(value));

    /// <summary>A sequence made of the given segments, as a socket read split across buffers would give.</summary>
    internal static ReadOnlySequence<byte> Sequence(params byte[][] segments)
    {
        var nonEmpty = segments.Where(s => s.Length > 0).ToArray();
        if (nonEmpty.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var segment in nonEmpty.Skip(1))
        {
            last = last.Append(segment);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
