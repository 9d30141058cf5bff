using System.Diagnostics;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The AppHost as built beside the tests, run to its end as an operator runs it (<c>dotnet run</c> with the
/// http launch profile), for what it does before it starts anything: publish a manifest, refuse to start.
/// </summary>
internal static class AppHostProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Runs it with <paramref name="arguments"/>; one still running after <paramref name="within"/> is killed, and the test fails.</summary>
    public static async Task<Outcome> RunAsync(TimeSpan within, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--project", Projects.OnlineChat_AppHost.ProjectPath,
            "--launch-profile", "http", "--", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the AppHost was still running after {within}:\n{await output}\n{await error}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
