namespace OnlineChat.AppHost;

/// <summary>
/// One running AppHost per data folder. A second <c>./run.sh</c> beside the first (forgotten in another
/// terminal) died on the dashboard's port in use, with a hundred lines of stack trace, and one given other
/// ports but the same folder would have run a second redis-server on the first one's append-only file.
/// The AppHost holds an exclusive lock on <c>apphost.lock</c> in the folder while it runs; the kernel lets go
/// of it when the process ends, however it ends.
/// </summary>
internal static class DataFolderLock
{
    public const string FileName = "apphost.lock";

    /// <summary>The held lock, to keep open for the AppHost's life; null when another process holds it.</summary>
    public static FileStream? TryTake(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string HeldElsewhere(string dataDirectory) =>
        $"OnlineChat is already running with the data folder {dataDirectory} (another ./run.sh or AppHost holds it). " +
        "Stop that one first (Ctrl+C in its terminal); for a second system beside it, see docs/operations.md, " +
        "\"Two deployments on one machine\".";
}
