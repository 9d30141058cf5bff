using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Operator actions on presence's HTTP port, behind the dashboard's resource commands. Keep that port
/// internal (as the gateways' HTTP ports): it has no authentication of its own, and whoever reaches it can
/// already act for any gateway.
/// </summary>
public static class PresenceAdminEndpoints
{
    public static IEndpointRouteBuilder MapPresenceAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        // A moderator who forgot her password: nobody in the chat may reset it (docs/operations.md).
        admin.MapPost("/accounts/{account}/password", async (string account, AccountService accounts) =>
            await accounts.ResetByOperatorAsync(account) is { } reset
                ? Results.Ok(new PasswordResetResponse(reset.Account, reset.Password))
                : Results.NotFound(new PresenceError(ChatText.NoSuchAccount(account).TrimEnd('\n'))));
        return app;
    }
}
