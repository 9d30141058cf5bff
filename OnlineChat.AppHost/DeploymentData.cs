using Microsoft.Extensions.Configuration;

namespace OnlineChat.AppHost;

/// <summary>
/// Where a deployment keeps what must outlive a restart (Redis's append-only file, the TLS certificate):
/// Deployment:DataDirectory, or one folder per deployment under the user's data folder, named by its first
/// chat port (~/.local/share/onlinechat/8888), so that two deployments side by side never share files and a
/// restarted system finds its data again. With Gateways:BasePort=0 (free ports, as the tests run) there is
/// no stable name: the run gets a fresh temporary folder, kept across restarts of its resources only.
/// </summary>
internal static class DeploymentData
{
    public static string Directory(IConfiguration configuration)
    {
        if (configuration["Deployment:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var basePort = configuration.GetValue("Gateways:BasePort", 8888);
        if (basePort == 0)
        {
            return System.IO.Directory.CreateTempSubdirectory("onlinechat-").FullName;
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "onlinechat", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
