using System.Net;
using System.Net.Http.Json;

namespace OnlineChat.Gateway;

/// <summary>Claims and releases names and lists who is online, through the presence service.</summary>
public sealed class PresenceClient(HttpClient http)
{
    private sealed record ClaimRequest(string Name, string Token);

    private sealed record ClaimResponse(string Name);

    private sealed record PresenceError(string Error);

    private sealed record DeploymentResponse(string Id);

    /// <summary>The final name, or the presence service's reason for refusing the claim.</summary>
    public async Task<(string? Name, string? Refusal)> ClaimAsync(string name, string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions", new ClaimRequest(name, token), cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            var error = await response.Content.ReadFromJsonAsync<PresenceError>(cancellationToken);
            return (null, error?.Error ?? "The name was refused.");
        }

        response.EnsureSuccessStatusCode();
        var claim = await response.Content.ReadFromJsonAsync<ClaimResponse>(cancellationToken);
        return (claim!.Name, null);
    }

    public async Task ReleaseAsync(string name, string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sessions/release", new ClaimRequest(name, token), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The deployment the presence service belongs to (see DeploymentIdentity).</summary>
    public async Task<string> DeploymentAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<DeploymentResponse>("/health/deployment", cancellationToken))?.Id ?? "";

    public async Task<IReadOnlyList<string>> OnlineUsersAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<string[]>("/v1/users", cancellationToken) ?? [];
}
