using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnlineChat.AppHost;

namespace OnlineChat.Integration.Tests;

/// <summary>The AppHost's pure decisions: what counts as a crash, how fast to restart, what /health said.</summary>
public sealed class AppHostPolicyTests
{
    [Theory]
    [InlineData("Finished", 137, true)]
    [InlineData("Exited", -1, true)]
    [InlineData("Finished", null, true)]
    [InlineData("FailedToStart", 1, true)]
    [InlineData("Finished", 0, false)] // the dashboard's Stop, or SIGTERM: on purpose
    [InlineData("Running", 137, false)]
    [InlineData("Starting", null, false)]
    public void Only_an_unasked_for_end_counts_as_a_crash(string state, int? exitCode, bool crash) =>
        Assert.Equal(crash, RestartPolicy.IsCrash(state, exitCode));

    [Fact]
    public void Restarts_back_off_while_a_resource_keeps_crashing_and_start_fresh_after_a_stable_minute()
    {
        var history = new CrashHistory();
        var now = DateTimeOffset.UnixEpoch;
        var delays = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(history.TryBeginRestart(now, out var delay));
            Assert.False(history.TryBeginRestart(now, out _)); // one restart at a time
            history.EndRestart();
            history.Running(now);
            delays.Add(delay.TotalSeconds);
            now += TimeSpan.FromSeconds(5);
        }

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30], delays);

        now += TimeSpan.FromMinutes(2);
        Assert.True(history.TryBeginRestart(now, out var afterCalm));
        Assert.Equal(0.5, afterCalm.TotalSeconds);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "Healthy\n", HealthStatus.Healthy)]
    [InlineData(HttpStatusCode.OK, "Degraded\ngateway-lease: Degraded - Draining\n", HealthStatus.Degraded)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Unhealthy\ngateway-lease: Unhealthy - No lease\n", HealthStatus.Unhealthy)]
    [InlineData(HttpStatusCode.OK, "<html>", HealthStatus.Unhealthy)]
    public void The_status_word_of_health_decides_and_its_reasons_are_kept(HttpStatusCode status, string body, HealthStatus expected)
    {
        var result = ReportedHealth.Parse(status, body);
        Assert.Equal(expected, result.Status);
        if (body.Contains(" - ", StringComparison.Ordinal))
        {
            Assert.Contains(body.Split('\n')[1], result.Description);
        }
    }
}
