using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Warning and above from the libraries that narrate every request at Information level: HttpClient's
/// start/send/headers/end and Polly's attempt for each call a gateway makes to presence, ASP.NET Core's
/// request start, endpoint and finish on presence. They were 87 of the 97 console lines a login of the
/// groups pattern made, each also exported to the dashboard, where they buried our own events and slowed
/// a login burst (docs/observability.md, "Logs"; scripts/perf/login-burst.sh).
/// Lowest precedence of all configuration sources: an operator turns any of them back on with
/// <c>Logging__LogLevel__System.Net.Http.HttpClient=Information</c> or an appsettings file, as usual.
/// </summary>
public static class LibraryLogLevels
{
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static IConfigurationManager AddLibraryLogLevels(this IConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return configuration;
    }
}
