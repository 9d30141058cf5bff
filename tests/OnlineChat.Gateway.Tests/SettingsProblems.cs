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
}
