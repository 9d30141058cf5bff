namespace OnlineChat.Presence;

// The presence service's HTTP contract. The gateway's PresenceClient mirrors these shapes.

/// <summary>POST /v1/sessions: claim <see cref="Name"/> (or name1, name2…) for the login <see cref="Token"/>.</summary>
public sealed record ClaimRequest(string Name, string Token);

public sealed record ClaimResponse(string Name);

/// <summary>POST /v1/sessions/release: the login <see cref="Token"/> of <see cref="Name"/> has ended.</summary>
public sealed record ReleaseRequest(string Name, string Token);

public sealed record PresenceError(string Error);

/// <summary>GET /health/deployment: the deployment this presence service belongs to ("" when unset).</summary>
public sealed record DeploymentResponse(string Id);
