using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OnlineChat.Backplane;

/// <summary>A settings class that can say what is wrong with its values, each so that an operator can mend it.</summary>
public interface ICheckedSettings
{
    /// <summary>None when the settings are usable.</summary>
    IEnumerable<string> Problems();
}

/// <summary>Fails the options with every problem the settings report: the service does not start, and its log says why.</summary>
public sealed class CheckedSettingsValidator<TSettings> : IValidateOptions<TSettings> where TSettings : class, ICheckedSettings
{
    public ValidateOptionsResult Validate(string? name, TSettings settings) =>
        settings.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

public static class CheckedSettingsExtensions
{
    /// <summary>Binds <typeparamref name="TSettings"/> to <paramref name="section"/> and checks it when the host starts.</summary>
    public static IServiceCollection AddCheckedSettings<TSettings>(this IServiceCollection services, IConfiguration section)
        where TSettings : class, ICheckedSettings
    {
        services.AddOptions<TSettings>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TSettings>, CheckedSettingsValidator<TSettings>>();
        return services;
    }
}
