using OnlineChat.Gateway;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Operator actions on the gateway's HTTP port (the one Aspire health-checks, never the chat port), behind
/// the dashboard's resource commands. Keep that port internal: it has no authentication of its own.
/// </summary>
public static class GatewayAdminEndpoints
{
    public static WebApplication MapGatewayAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapPost("/drain", (GatewayDrain drain) => Results.Ok(new { draining = true, usersMoved = drain.Drain() }));
        admin.MapPost("/resume", (GatewayDrain drain) =>
        {
            drain.Resume();
            return Results.Ok(new { draining = false });
        });
        admin.MapGet("/status", (GatewayDrain drain, GatewayIdentity identity, SessionRegistry registry, ConnectionAdmission admission) =>
            Results.Ok(new { gatewayId = identity.Id, draining = drain.IsDraining, users = registry.Count, connections = admission.Open }));
        return app;
    }
}
