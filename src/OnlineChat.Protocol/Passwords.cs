namespace OnlineChat.Protocol;

/// <summary>
/// The rules for account passwords, checked where the command is parsed (so a bad one never travels) and
/// again by the presence service. Long passphrases are welcome; the upper bound only keeps hashing cheap.
/// </summary>
public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    // Lower-case letters and digits without the look-alikes l/1 and o/0: read aloud or copied by hand to a teacher.
    private const string GeneratedAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A password for the operator to hand on: 16 of 32 characters, 80 random bits.</summary>
    public static string Generate() => System.Security.Cryptography.RandomNumberGenerator.GetString(GeneratedAlphabet, 16);

    /// <summary>Null when acceptable, otherwise the reason to show. Spaces inside are fine; at the ends they are trimmed by the parser.</summary>
    public static string? Validate(string password) =>
        password.Length < MinLength ? $"A password must be at least {MinLength} characters."
        : password.Length > MaxLength ? $"A password must be at most {MaxLength} characters."
        : password.Any(char.IsControl) ? "A password must not contain control characters."
        : null;
}
