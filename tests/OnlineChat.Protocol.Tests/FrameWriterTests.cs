using System.Buffers;
using System.Text;
using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class FrameWriterTests
{
    [Theory]
    [InlineData("ACK", "3,ACK")]
    [InlineData("", "0,")]
    [InlineData("hi é", "5,hi é")]
    public void Encodes_the_seed_layout(string text, string wire)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(wire), FrameWriter.Encode(text));

        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(buffer, Encoding.UTF8.GetBytes(text));
        Assert.Equal(Encoding.UTF8.GetBytes(wire), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var text = new string('x', 5000) + "ü";
        var buffer = FrameReaderTests.Sequence(FrameWriter.Encode(text));

        Assert.True(FrameReader.TryParseFrame(ref buffer, 8192, out var payload));
        Assert.Equal(text, FrameText.Decode(payload));
    }
}
