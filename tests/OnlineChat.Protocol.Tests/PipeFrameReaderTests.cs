using System.IO.Pipelines;
using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class PipeFrameReaderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Two_frames_in_one_write_are_both_returned_without_more_bytes()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("5,bones3,hi!"u8.ToArray());

        Assert.Equal("bones", await pipe.Reader.ReadFrameTextAsync(8192, CancellationToken.None).AsTask().WaitAsync(Deadline));
        // The writer stays open: this returns only if the buffered frame is handed out at once.
        Assert.Equal("hi!", await pipe.Reader.ReadFrameTextAsync(8192, CancellationToken.None).AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_frame_arriving_in_pieces_is_returned_once_whole_and_completion_gives_null()
    {
        var pipe = new Pipe();
        var read = pipe.Reader.ReadFrameTextAsync(8192, CancellationToken.None).AsTask();
        await pipe.Writer.WriteAsync("5,he"u8.ToArray());
        Assert.False(read.IsCompleted);
        await pipe.Writer.WriteAsync("llo"u8.ToArray());
        Assert.Equal("hello", await read.WaitAsync(Deadline));

        await pipe.Writer.CompleteAsync();
        Assert.Null(await pipe.Reader.ReadFrameTextAsync(8192, CancellationToken.None).AsTask().WaitAsync(Deadline));
    }
}
