using System.ComponentModel.DataAnnotations;

namespace Campaign.Infrastructure.Settings;

/// <summary>A number or a duration above zero.</summary>
public sealed class AboveZeroAttribute() : ValidationAttribute("must be above zero")
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        int number => number > 0,
        long number => number > 0,
        double number => number > 0,
        TimeSpan duration => duration > TimeSpan.Zero,
        _ => false,
    };
}

/// <summary>A duration of zero (no limit) or more.</summary>
public sealed class NotNegativeAttribute() : ValidationAttribute("must be zero (no limit) or more")
{
    public override bool IsValid(object? value) => value is not TimeSpan duration || duration >= TimeSpan.Zero;
}

/// <summary>A key of exactly that many bytes, in base64; unset is allowed.</summary>
public sealed class Base64KeyAttribute(int bytes) : ValidationAttribute($"must be {bytes} bytes in base64, e.g. the output of: head -c {bytes} /dev/urandom | base64")
{
    public override bool IsValid(object? value) =>
        value is not string { Length: > 0 } text || (Convert.TryFromBase64String(text, new byte[bytes + 3], out var written) && written == bytes);
}

/// <summary>An absolute http or https URL; unset is allowed.</summary>
public sealed class AbsoluteUrlAttribute() : ValidationAttribute("must be an absolute http or https URL")
{
    public override bool IsValid(object? value) => value switch
    {
        null or "" => true,
        string text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
        Uri uri => uri.IsAbsoluteUri && uri.Scheme is "http" or "https",
        _ => false,
    };
}
