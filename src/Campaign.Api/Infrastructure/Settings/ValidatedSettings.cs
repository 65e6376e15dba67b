using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure.Settings;

/// <summary>
/// Each section of settings is bound to a class and checked when the service starts, so that a bad value stops the start
/// with a message naming the setting (as a key and as an environment variable) instead of failing requests later.
/// A value that is not of the setting's type (<c>Webhooks__Timeout=banana</c>) stops it with the binder's message,
/// which names the setting too.
/// </summary>
public static class ValidatedSettings
{
    /// <summary>The section bound to <typeparamref name="T"/>, checked at start-up by its data annotations.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettings<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Checks every section now, before the host starts or a command (<c>keys</c>, <c>audit</c>, <c>db-apply</c>) runs: a bad
    /// setting then ends the process with a non-zero exit code, where a host that fails to start is only logged.
    /// </summary>
    public static void Check(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>How a setting is named in messages: <c>Limits:RequestsPerMinute (Limits__RequestsPerMinute)</c>.</summary>
    public static string Name(string key) => $"{key} ({key.Replace(":", "__")})";
}

/// <summary>Checks data annotations and <see cref="IValidatableObject"/>; each failure names its setting, never its value (it may be a secret).</summary>
public sealed class AnnotatedSettings<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true)) return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(errors.Select(error =>
            $"{string.Join(", ", error.MemberNames.Select(member => ValidatedSettings.Name($"{section}:{member}")))} {error.ErrorMessage}"));
    }
}
