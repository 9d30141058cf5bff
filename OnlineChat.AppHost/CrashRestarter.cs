using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnlineChat.AppHost;

/// <summary>Marks a resource that the AppHost starts again by itself when its process dies.</summary>
internal sealed class RestartOnCrashAnnotation : IResourceAnnotation;

/// <summary>
/// Aspire leaves a resource whose process died in the Finished or Exited state until someone clicks Start.
/// This watches every marked resource's state and runs its own start command (the dashboard's Start button)
/// when it stops with a non-zero exit code, after a short backoff that grows while it keeps crashing. A
/// clean exit (exit code 0: the dashboard's Stop, SIGTERM) is left alone, so an operator can still stop a
/// resource on purpose; so is everything while the AppHost itself shuts down.
/// </summary>
internal sealed class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    private readonly Dictionary<string, CrashHistory> _histories = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (!update.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>() || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                continue;
            }

            var history = _histories.TryGetValue(update.ResourceId, out var known) ? known : _histories[update.ResourceId] = new CrashHistory();
            var state = update.Snapshot.State?.Text;
            if (state == KnownResourceStates.Running)
            {
                history.Running(DateTimeOffset.UtcNow);
            }
            else if (RestartPolicy.IsCrash(state, update.Snapshot.ExitCode) && history.TryBeginRestart(DateTimeOffset.UtcNow, out var delay))
            {
                _ = RestartAsync(update.ResourceId, update.Resource.Name, update.Snapshot.ExitCode, delay, history, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(string resourceId, string name, int? exitCode, TimeSpan delay, CrashHistory history, CancellationToken stoppingToken)
    {
        try
        {
            logger.LogWarning("{Resource} exited with code {ExitCode}; starting it again in {Delay} s.", name, exitCode, delay.TotalSeconds);
            await Task.Delay(delay, stoppingToken);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logger.LogError("Starting {Resource} again failed: {Message}", name, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Starting {Resource} again failed.", name);
        }
        finally
        {
            history.EndRestart();
        }
    }
}

/// <summary>Which ends of a process count as crashes.</summary>
internal static class RestartPolicy
{
    /// <summary>
    /// Finished (DCP's word for an executable or project that ended) or Exited, with an exit code that is not
    /// 0. SIGKILL shows as 137 or -1; an unknown exit code counts as a crash too, since nobody asked for it.
    /// </summary>
    public static bool IsCrash(string? state, int? exitCode) =>
        (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart)
        && exitCode is not 0;
}

/// <summary>
/// One resource's recent crashes: at most one restart in flight, and a delay that doubles (0.5 s up to 30 s)
/// while the resource keeps dying within a minute of starting, so a resource that cannot start does not spin.
/// </summary>
internal sealed class CrashHistory
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private bool _restarting;
    private int _recentCrashes;
    private DateTimeOffset _runningSince = DateTimeOffset.MinValue;

    public void Running(DateTimeOffset now)
    {
        lock (_lock)
        {
            _runningSince = now;
        }
    }

    public bool TryBeginRestart(DateTimeOffset now, out TimeSpan delay)
    {
        lock (_lock)
        {
            delay = default;
            if (_restarting)
            {
                return false;
            }

            _restarting = true;
            _recentCrashes = now - _runningSince > s_stableAfter ? 1 : _recentCrashes + 1;
            var factor = Math.Pow(2, Math.Min(_recentCrashes - 1, 10));
            delay = TimeSpan.FromTicks((long)Math.Min(s_maxDelay.Ticks, s_firstDelay.Ticks * factor));
            return true;
        }
    }

    public void EndRestart()
    {
        lock (_lock)
        {
            _restarting = false;
        }
    }
}

internal static class CrashRestarterExtensions
{
    /// <summary>The resource is started again by the AppHost when its process dies (see <see cref="CrashRestarter"/>).</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource) where T : IResource
    {
        resource.ApplicationBuilder.Services.AddCrashRestarter();
        return resource.WithAnnotation(new RestartOnCrashAnnotation());
    }

    private static void AddCrashRestarter(this IServiceCollection services)
    {
        if (!services.Any(s => s.ImplementationType == typeof(CrashRestarter)))
        {
            services.AddHostedService<CrashRestarter>();
        }
    }
}
