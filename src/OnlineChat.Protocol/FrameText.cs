using System.Buffers;
using System.Text;

namespace OnlineChat.Protocol;

/// <summary>Turns a frame payload into text, refusing anything that is not valid UTF-8.</summary>
public static class FrameText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySequence<byte> payload)
    {
        try
        {
            return s_strictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("Frame is not valid UTF-8.");
        }
    }
}
