using System.Diagnostics;

namespace OnlineChat.Integration.Tests;

/// <summary>Runs a command-line tool to its end (tmux, redis-cli), as a person would in a shell.</summary>
internal static class CommandLine
{
    /// <summary>Its exit code and what it printed (out, then error); -1 with the reason when it is not installed.</summary>
    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(30_000);
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
