using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnlineChat.AppHost;

/// <summary>
/// A resource's health as the service itself reports it on /health. Aspire's own WithHttpHealthCheck counts
/// any 200 as Healthy, so a draining gateway (200, "Degraded") showed as Healthy in the dashboard. This
/// check reads the status word our services write first (see ServiceDefaults' MapDefaultEndpoints) and
/// passes on the reasons that follow it.
/// </summary>
internal static class ReportedHealth
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IResourceBuilder<ProjectResource> WithReportedHealth(this IResourceBuilder<ProjectResource> service, string path, string endpointName = "http")
    {
        var endpoint = service.GetEndpoint(endpointName);
        var key = $"{service.Resource.Name}-reported-health";
        service.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, ct => ProbeAsync(endpoint, path, ct));
        return service.WithHealthCheck(key);
    }

    private static async Task<HealthCheckResult> ProbeAsync(EndpointReference endpoint, string path, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No HTTP endpoint yet.");
        }

        try
        {
            using var response = await s_http.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Parse(response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"GET {path} failed: {ex.Message}");
        }
    }

    /// <summary>First line: Healthy, Degraded or Unhealthy; the lines after it: why. Pure, for tests.</summary>
    public static HealthCheckResult Parse(HttpStatusCode status, string body)
    {
        var lines = body.Split('\n', 2);
        var reasons = lines.Length > 1 ? lines[1].Trim() : null;
        return status != HttpStatusCode.OK ? HealthCheckResult.Unhealthy(string.IsNullOrEmpty(reasons) ? $"/health answered {(int)status}." : reasons)
            : lines[0].Trim() switch
            {
                "Healthy" => HealthCheckResult.Healthy(reasons),
                "Degraded" => HealthCheckResult.Degraded(reasons),
                var other => HealthCheckResult.Unhealthy($"/health answered '{other}'."),
            };
    }
}
