using System.Diagnostics;

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
            var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--project", Projects.OnlineChat_AppHost.ProjectPath,
                "--launch-profile", "http", "--", $"--Deployment:DataDirectory={_folder}", "--Gateways:BasePort=0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // it started the whole system instead
                throw new Xunit.Sdk.XunitException($"the AppHost was still running after 2 minutes:\n{await stdout}");
            }

            Assert.Equal(1, process.ExitCode);
            Assert.Contains($"OnlineChat is already running with the data folder {_folder} ", await stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Distributed application starting", await stdout, StringComparison.Ordinal);
            Assert.Equal(["apphost.lock"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
