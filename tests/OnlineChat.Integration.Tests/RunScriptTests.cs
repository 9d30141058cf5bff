namespace OnlineChat.Integration.Tests;

/// <summary><c>./run.sh</c> as an operator meets it first.</summary>
public sealed class RunScriptTests
{
    // ProjectPath is the AppHost's folder, at the top of the repository beside run.sh.
    private static string RunScript => Path.Combine(Path.GetDirectoryName(Projects.OnlineChat_AppHost.ProjectPath)!, "run.sh");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_names_the_settings_given_most_and_where_the_rest_are_and_starts_nothing(string flag)
    {
        // Bounded: a run.sh that ignored the flag would start the whole system (timeout stops its process group).
        var (exitCode, output) = CommandLine.Run("timeout", "60", "bash", RunScript, flag);

        Assert.True(exitCode == 0, $"{RunScript} {flag}: exit code {exitCode}, {output}");
        Assert.StartsWith("Usage: ./run.sh [--Section:Setting=value ...]", output, StringComparison.Ordinal);
        Assert.Contains("--Presence:Moderators=teacher", output, StringComparison.Ordinal);
        Assert.Contains("README.md, \"Configuration\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", output, StringComparison.Ordinal); // dotnet run was not started
    }
}
