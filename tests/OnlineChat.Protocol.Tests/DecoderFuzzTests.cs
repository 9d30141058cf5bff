using System.Buffers;
using System.Text;

namespace OnlineChat.Protocol.Tests;

/// <summary>
/// Property tests of the frame decoder and command parser, driven the way the gateway drives them: bytes
/// arriving in chunks split at random points. Whatever comes in, the only outcomes are frames, commands or
/// an <see cref="InvalidDataException"/>; the bytes held while waiting for a frame stay bounded.
/// Seeded, so a failure names the seed that reproduces it.
/// </summary>
public class DecoderFuzzTests
{
    private const int MaxPayload = 256;
    private const int Iterations = 3000;

    // The longest wait for more bytes: a full prefix, the comma and a payload one byte short.
    private static readonly int MaxHeld = FrameReader.DigitCount(MaxPayload) + 1 + MaxPayload;

    private static readonly string[] Words =
        ["/pm", "/gc", "/cg", "/jg", "/lg", "/lo", "/listg", "/listallg", "/help", "/quit", "/", "//", "bob", "grp",
         "hi", "héllo", "😀", "a,b", "\t", "\u0001", "\u007f", " ", "  ", "/PM", "/pm bob", "x\ny", "\u200b"];

    [Fact]
    public void Valid_frame_streams_split_anywhere_give_back_exactly_the_frames_sent()
    {
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var texts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomText(random)).ToList();
            var stream = texts.SelectMany(t => FrameWriter.Encode(t)).ToArray();

            var outcome = Decode(stream, random);

            Assert.True(outcome.Error is null, $"seed {seed}: {outcome.Error?.Message}");
            Assert.Equal(texts, outcome.Frames);
        }
    }

    [Fact]
    public void Mutated_and_random_bytes_only_ever_give_frames_commands_or_a_protocol_error()
    {
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var bytes = random.Next(3) == 0 ? RandomBytes(random) : Mutate(ValidStream(random), random);

            // Any exception other than InvalidDataException escapes Decode and fails the test with its seed.
            var outcome = Decode(bytes, random);

            Assert.True(outcome.MaxHeld <= MaxHeld, $"seed {seed}: held {outcome.MaxHeld} bytes waiting for a frame");
        }
    }

    private sealed record Outcome(List<string> Frames, InvalidDataException? Error, long MaxHeld);

    /// <summary>The gateway's read loop in miniature: append a chunk, take every whole frame, keep the rest.</summary>
    private static Outcome Decode(byte[] stream, Random random)
    {
        var frames = new List<string>();
        var held = Array.Empty<byte>();
        long maxHeld = 0;
        var offset = 0;
        try
        {
            while (offset < stream.Length)
            {
                var chunk = Math.Min(stream.Length - offset, random.Next(1, 40));
                held = [.. held, .. stream.AsSpan(offset, chunk)];
                offset += chunk;

                var buffer = new ReadOnlySequence<byte>(held);
                while (FrameReader.TryParseFrame(ref buffer, MaxPayload, out var payload))
                {
                    var text = FrameText.Decode(payload);
                    Assert.NotNull(ChatCommandParser.Parse(text)); // Parse never throws; every text is some command.
                    frames.Add(text);
                }

                held = buffer.ToArray();
                maxHeld = Math.Max(maxHeld, held.Length);
            }
        }
        catch (InvalidDataException ex)
        {
            return new Outcome(frames, ex, maxHeld);
        }

        return new Outcome(frames, null, maxHeld);
    }

    private static string RandomText(Random random)
    {
        var text = string.Join(random.Next(4) == 0 ? "" : " ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => Words[random.Next(Words.Length)]));
        // Stay under the limit in UTF-8 bytes, cutting only between whole characters.
        while (Encoding.UTF8.GetByteCount(text) > MaxPayload)
        {
            text = text[..^1];
        }

        return text;
    }

    private static byte[] ValidStream(Random random) =>
        [.. Enumerable.Range(0, random.Next(1, 6)).SelectMany(_ => FrameWriter.Encode(RandomText(random)))];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 600)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Flips, inserts, deletes or duplicates a few bytes: near-valid input finds the edge cases.</summary>
    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var n = random.Next(1, 5); n > 0 && list.Count > 0; n--)
        {
            var at = random.Next(list.Count);
            switch (random.Next(5))
            {
                case 0: list[at] = (byte)random.Next(256); break;
                case 1: list.Insert(at, (byte)"0123456789,"[random.Next(11)]); break;
                case 2: list.RemoveAt(at); break;
                case 3: list.InsertRange(at, list.Skip(at).Take(random.Next(1, 20)).ToList()); break;
                default: list.Insert(at, (byte)random.Next(0x80, 0x100)); break;
            }
        }

        return [.. list];
    }
}
