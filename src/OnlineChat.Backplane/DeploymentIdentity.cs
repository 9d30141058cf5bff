namespace OnlineChat.Backplane;

/// <summary>
/// Which deployment (one AppHost run, or one installation) a service belongs to, from Deployment:Id. The
/// AppHost gives presence and every gateway the same id; presence marks its Redis with it, and a gateway
/// checks both its Redis and its presence service against it, so two deployments on one machine that got
/// wired to each other's services show Unhealthy instead of failing every login in silence. Empty (a
/// service started alone): nothing is checked.
/// </summary>
public sealed class DeploymentIdentity(string id)
{
    public const string ConfigurationKey = "Deployment:Id";

    public string Id { get; } = id;

    public bool IsSet => Id.Length > 0;

    /// <summary>Null when <paramref name="seen"/> is this deployment (or nothing is checked), else what is wrong.</summary>
    public string? Mismatch(string what, string? seen) =>
        !IsSet || seen == Id ? null
        : string.IsNullOrEmpty(seen) ? $"{what} is not marked as deployment {Id}'s (yet)."
        : $"{what} belongs to deployment {seen}, not to this one ({Id}).";
}
