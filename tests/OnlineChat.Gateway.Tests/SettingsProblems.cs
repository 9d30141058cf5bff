using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;

namespace OnlineChat.Gateway.Tests;

internal static class SettingsProblems
{
    /// <summary>The one problem the default settings report once <paramref name="spoil"/> has changed one of them.</summary>
    public static string Of<TSettings>(Action<TSettings> spoil) where TSettings : ICheckedSettings, new()
    {
        var settings = new TSettings();
        spoil(settings);
        return Assert.Single(settings.Problems());
    }

    /// <summary>
    /// Starts a gateway with <paramref name="settings"/> (on a free port, with a Redis it never reaches) and
    /// returns why it refused to start; fails the test when it starts.
    /// </summary>
    public static async Task<string> GatewayStartRefusalAsync(params string[] settings)
    {
        var builder = WebApplication.CreateBuilder([.. settings, "--Gateway:Port=0", "--ConnectionStrings:redis=localhost:1"]);
        builder.AddChatGateway();

        // Whichever comes first refuses: the start-up check, or a service built early that reads the settings.
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            await app.StartAsync();
        });
        return refusal.Message;
    }
}
