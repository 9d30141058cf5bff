namespace OnlineChat.Integration.Tests;

/// <summary>
/// One AppHost per data folder: a second ./run.sh beside a running one (forgotten in another terminal) stops at
/// once and says why, before it starts a second redis-server on the first one's append-only file.
/// </summary>
public sealed class DataFolderLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onlinechat-lock-").FullName;

    [Fact]
    public async Task An_apphost_on_a_data_folder_another_one_holds_stops_at_once_and_says_why()
    {
        // Held as a running AppHost holds it.
        using (new FileStream(Path.Combine(_folder, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(2), $"--Deployment:DataDirectory={_folder}", "--Gateways:BasePort=0");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"OnlineChat is already running with the data folder {_folder} ", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Distributed application starting", run.Output, StringComparison.Ordinal);
            Assert.Equal(["apphost.lock"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
