using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OnlineChat.Backplane;

/// <summary>
/// A condition watched in the background: checked every <paramref name="interval"/>, the last answer kept
/// so that a health check reads it at no cost (a probe that called Redis or HTTP itself would make every
/// /health request as slow as the slowest dependency). Any failure of a check is itself the problem.
/// </summary>
public abstract class PeriodicCheck(TimeSpan interval, TimeProvider time) : BackgroundService, IHealthCheck
{
    private volatile string? _problem = "Not checked yet.";

    /// <summary>The clock the checks run by.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Null while all is well; else what is wrong, in words for the dashboard.</summary>
    public string? Problem => _problem;

    /// <summary>One check: null when all is well, else what is wrong.</summary>
    protected abstract Task<string?> CheckAsync(CancellationToken cancellationToken);

    /// <summary>The problem to report when a check threw (its dependency is unreachable).</summary>
    protected abstract string Unreachable(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        do
        {
            try
            {
                _problem = await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _problem = Unreachable(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}
