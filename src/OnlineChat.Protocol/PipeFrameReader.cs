using System.IO.Pipelines;

namespace OnlineChat.Protocol;

/// <summary>Reads whole frames one at a time from a pipe, for code that wants a single frame (a handshake, a client).</summary>
public static class PipeFrameReader
{
    /// <summary>The next frame's text, or null when the pipe completed first. Bytes after the frame stay buffered.</summary>
    public static async ValueTask<string?> ReadFrameTextAsync(this PipeReader input, int maxPayloadBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (FrameReader.TryParseFrame(ref buffer, maxPayloadBytes, out var payload))
            {
                var text = FrameText.Decode(payload);
                // Mark only this frame as examined: a next frame that came in the same read must be
                // returned by the next call at once, not after more bytes arrive.
                input.AdvanceTo(buffer.Start);
                return text;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}
