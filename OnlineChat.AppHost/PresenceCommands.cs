using System.Net.Http.Json;

/// <summary>Dashboard commands that call presence's /admin endpoints over its HTTP endpoint.</summary>
internal static class PresenceCommands
{
    public const string ResetPassword = "reset-password";
    public const string AccountArgument = "account";

    /// <summary>
    /// "Reset a password": the only way back in for a moderator who forgot hers (nobody in the chat may reset
    /// a moderator's password). The new password is shown in the dashboard, for the operator to hand on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPasswordResetCommand(this IResourceBuilder<ProjectResource> presence) => presence
        .WithHttpCommand("/admin/accounts", "Reset a password", endpointName: "http", commandName: ResetPassword, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Give an account (a moderator's too) a new generated password, shown here to hand on; its owner changes it with /password.",
            IconName = "Key",
            Arguments = [new InteractionInput { Name = AccountArgument, Label = "Account", InputType = InputType.Text, Required = true }],
            PrepareRequest = context =>
            {
                var account = context.Arguments.GetString(AccountArgument)?.Trim() ?? "";
                context.Request.RequestUri = new Uri(context.Request.RequestUri!, $"/admin/accounts/{Uri.EscapeDataString(account)}/password");
                return Task.CompletedTask;
            },
            GetCommandResult = async context =>
            {
                if (!context.Response.IsSuccessStatusCode)
                {
                    // Presence's own refusal in JSON; anything else (no account given: no such route) by its status.
                    var refusal = context.Response.Content.Headers.ContentType?.MediaType == "application/json"
                        ? await context.Response.Content.ReadFromJsonAsync<Refusal>(context.CancellationToken)
                        : null;
                    return CommandResults.Failure(refusal?.Error ?? $"Presence answered {(int)context.Response.StatusCode} {context.Response.ReasonPhrase}.");
                }

                var reset = (await context.Response.Content.ReadFromJsonAsync<PasswordReset>(context.CancellationToken))!;
                return CommandResults.Success($"{reset.Account} has a new password; they can change it with /password once logged in.",
                    reset.Password, CommandResultFormat.Text, displayImmediately: true);
            },
        });

    // Presence's answers (PresenceContracts: PasswordResetResponse, PresenceError); the AppHost references the
    // services as resources, not their code. OperatorCommandTests runs the command against the real one.
    private sealed record PasswordReset(string Account, string Password);

    private sealed record Refusal(string Error);
}
