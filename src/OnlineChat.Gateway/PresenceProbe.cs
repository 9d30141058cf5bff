using OnlineChat.Backplane;

namespace OnlineChat.Gateway;

/// <summary>
/// Asks the presence service every two seconds which deployment it belongs to, so the health check can tell
/// an unreachable presence, or another deployment's, from a working one. Logins would fail either way.
/// </summary>
public sealed class PresenceProbe(PresenceClient presence, DeploymentIdentity deployment) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);

    /// <summary>Null while presence answers as this deployment's; else what is wrong.</summary>
    public string? Problem { get; private set; } = "Presence not checked yet.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval);
        do
        {
            try
            {
                Problem = deployment.Mismatch("The presence service", await presence.DeploymentAsync(stoppingToken));
            }
            catch (Exception ex) when (BackendFailure.Is(ex) || ex is System.Text.Json.JsonException)
            {
                Problem = $"The presence service is unreachable: {ex.Message}";
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
