using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OnlineChat.Protocol;

/// <summary>Writes the seed's length-prefixed frames.</summary>
public static class FrameWriter
{
    private const int MaxPrefixBytes = 11; // int.MaxValue has 10 digits, plus the comma.

    /// <summary>
    /// Frame layout (both directions, as in the seed's messaging.py):
    /// <code>
    ///   length   ASCII decimal digits: the payload's byte count, no sign, no padding
    ///   ','      one comma (0x2C)
    ///   payload  exactly `length` bytes of UTF-8 text; nothing follows it
    /// </code>
    /// Example: "hi é" is 5 UTF-8 bytes, so it travels as the 7 bytes <c>5,hi é</c>.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(MaxPrefixBytes + payload.Length);
        Utf8Formatter.TryFormat(payload.Length, span, out var written);
        span[written++] = (byte)',';
        payload.CopyTo(span[written..]);
        output.Advance(written + payload.Length);
    }

    /// <summary>Encodes <paramref name="text"/> as one complete frame, ready to hand to many connections.</summary>
    public static byte[] Encode(string text)
    {
        var payloadLength = Encoding.UTF8.GetByteCount(text);
        Span<byte> prefix = stackalloc byte[MaxPrefixBytes];
        Utf8Formatter.TryFormat(payloadLength, prefix, out var digits);
        prefix[digits++] = (byte)',';

        var frame = new byte[digits + payloadLength];
        prefix[..digits].CopyTo(frame);
        Encoding.UTF8.GetBytes(text, frame.AsSpan(digits));
        return frame;
    }
}
