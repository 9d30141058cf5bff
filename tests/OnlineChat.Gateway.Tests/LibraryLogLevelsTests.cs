using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// The service defaults quiet the libraries that log every HTTP call at Information level, keep ours, and
/// leave the operator the last word.
/// </summary>
public sealed class LibraryLogLevelsTests
{
    private const string HttpClientCategory = "System.Net.Http.HttpClient.PresenceClient.LogicalHandler";

    private static ILoggerFactory LoggersOf(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        return builder.Build().Services.GetRequiredService<ILoggerFactory>();
    }

    [Theory]
    [InlineData(HttpClientCategory)]
    [InlineData("Polly")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    public void A_library_that_narrates_each_request_logs_warnings_only(string category)
    {
        var logger = LoggersOf().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [InlineData("OnlineChat.Gateway.ChatConnectionHandler")]
    [InlineData("OnlineChat.Presence.AccountService")]
    [InlineData("Microsoft.Hosting.Lifetime")]
    public void Our_own_events_and_the_hosts_keep_information(string category)
    {
        Assert.True(LoggersOf().CreateLogger(category).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_operators_configuration_overrides_the_default()
    {
        var logger = LoggersOf("--Logging:LogLevel:System.Net.Http.HttpClient=Information").CreateLogger(HttpClientCategory);

        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
