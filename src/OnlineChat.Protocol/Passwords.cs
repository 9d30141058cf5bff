namespace OnlineChat.Protocol;

/// <summary>
/// The rules for account passwords, checked where the command is parsed (so a bad one never travels) and
/// again by the presence service. Long passphrases are welcome; the upper bound only keeps hashing cheap.
/// </summary>
public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Null when acceptable, otherwise the reason to show. Spaces inside are fine; at the ends they are trimmed by the parser.</summary>
    public static string? Validate(string password) =>
        password.Length < MinLength ? $"A password must be at least {MinLength} characters."
        : password.Length > MaxLength ? $"A password must be at most {MaxLength} characters."
        : password.Any(char.IsControl) ? "A password must not contain control characters."
        : null;
}
