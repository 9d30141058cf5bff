using System.Buffers;
using System.Buffers.Text;

namespace OnlineChat.Protocol;

/// <summary>Parses the seed's length-prefixed frames. See <see cref="FrameWriter.Write"/> for the format.</summary>
public static class FrameReader
{
    /// <summary>
    /// Takes one frame off the front of <paramref name="buffer"/>.
    /// Returns false and leaves <paramref name="buffer"/> untouched when more bytes are needed.
    /// Throws <see cref="InvalidDataException"/> on a malformed prefix or a payload over
    /// <paramref name="maxPayloadBytes"/>, before any payload byte is buffered on the prefix's word.
    /// </summary>
    public static bool TryParseFrame(ref ReadOnlySequence<byte> buffer, int maxPayloadBytes, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        var maxDigits = DigitCount(maxPayloadBytes);

        // Look for the comma only within the longest prefix we accept, so a stream of digits or garbage
        // is refused after a handful of bytes rather than buffered.
        var head = buffer.Slice(0, Math.Min(buffer.Length, maxDigits + 1));
        var comma = head.PositionOf((byte)',');
        if (comma is null)
        {
            EnsureDigits(head);
            if (head.Length > maxDigits)
            {
                throw new InvalidDataException($"Length prefix is longer than {maxDigits} digits; frames are at most {maxPayloadBytes} bytes.");
            }

            return false;
        }

        var prefix = head.Slice(0, comma.Value);
        if (prefix.IsEmpty)
        {
            throw new InvalidDataException("Frame has an empty length prefix; expected <length>,<payload>.");
        }

        EnsureDigits(prefix);
        if (prefix.Length > 1 && prefix.FirstSpan[0] == (byte)'0')
        {
            // The seed writes str(len(message)): one spelling per length, so "0005," is nobody's frame.
            throw new InvalidDataException("Length prefix must not have leading zeros.");
        }

        Span<byte> digits = stackalloc byte[(int)prefix.Length];
        prefix.CopyTo(digits);
        if (!Utf8Parser.TryParse(digits, out long length, out var consumed) || consumed != digits.Length)
        {
            throw new InvalidDataException("Frame has an unreadable length prefix.");
        }

        if (length > maxPayloadBytes)
        {
            throw new InvalidDataException($"Frame of {length} bytes is over the {maxPayloadBytes}-byte limit.");
        }

        var afterComma = buffer.Slice(buffer.GetPosition(1, comma.Value));
        if (afterComma.Length < length)
        {
            return false;
        }

        payload = afterComma.Slice(0, length);
        buffer = afterComma.Slice(payload.End);
        return true;
    }

    /// <summary>How many decimal digits <paramref name="value"/> has; the longest length prefix we accept.</summary>
    public static int DigitCount(int value) => value < 10 ? 1 : (int)Math.Floor(Math.Log10(value)) + 1;

    private static void EnsureDigits(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    throw new InvalidDataException("Length prefix must be ASCII digits followed by a comma.");
                }
            }
        }
    }
}
