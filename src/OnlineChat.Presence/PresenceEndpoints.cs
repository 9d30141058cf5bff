using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>The user directory over HTTP: gateways claim and release names here and ask who is online.</summary>
public static class PresenceEndpoints
{
    public static IEndpointRouteBuilder MapPresenceEndpoints(this IEndpointRouteBuilder app)
    {
        // Gateways compare this with their own Deployment:Id before they report Healthy. Under /health so that,
        // like every health probe, it is kept out of the traces.
        app.MapGet("/health/deployment", (DeploymentIdentity deployment) => Results.Ok(new DeploymentResponse(deployment.Id)));
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/sessions", ClaimAsync);
        v1.MapPost("/sessions/release", ReleaseAsync);
        v1.MapGet("/users", async (ChatDirectory directory) => Results.Ok(await directory.OnlineUsersAsync()));
        return app;
    }

    private static async Task<IResult> ClaimAsync(ClaimRequest request, ChatDirectory directory, PresenceMetrics metrics, ILoggerFactory loggers)
    {
        if (ChatNames.Validate(request.Name, ChatNames.Kind.User) is { } reason)
        {
            return Results.BadRequest(new PresenceError(reason));
        }

        var name = await directory.ClaimAsync(request.Name, request.Token);
        if (name is null)
        {
            return Results.Conflict(new PresenceError(
                $"No free name near '{request.Name}', or the gateway's lease has lapsed. Try another name or reconnect."));
        }

        metrics.UserClaimed();
        PresenceLog.UserClaimed(loggers.CreateLogger(nameof(PresenceEndpoints)), name, request.Token);
        return Results.Ok(new ClaimResponse(name));
    }

    private static async Task<IResult> ReleaseAsync(ReleaseRequest request, UserReleaser releaser, ILoggerFactory loggers)
    {
        if (await releaser.ReleaseAsync(request.Name, request.Token))
        {
            PresenceLog.UserReleased(loggers.CreateLogger(nameof(PresenceEndpoints)), request.Name, request.Token);
        }

        return Results.NoContent();
    }
}
