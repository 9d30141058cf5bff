using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>
/// How long a login must wait after failed ones, per account and per address alike: the first
/// <see cref="FreeFailures"/> failures cost nothing (typos), then each one doubles the wait from 1 s up to
/// <see cref="MaxWait"/>, counted from the last failure. Failures are forgotten <see cref="Remembered"/> after
/// the last one, and an account's on a successful login. Pure: the counts and the time come in.
/// </summary>
public static class LoginThrottle
{
    public const int FreeFailures = 3;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(15);

    /// <summary>How long from <paramref name="nowUnixMs"/> until a login may be tried; zero when it may now.</summary>
    public static TimeSpan WaitBefore(LoginFailures failures, long nowUnixMs)
    {
        if (failures.Count < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(MaxWait.TotalSeconds, Math.Pow(2, Math.Min(failures.Count - FreeFailures, 30))));
        var left = TimeSpan.FromMilliseconds(failures.LastUnixMs) + wait - TimeSpan.FromMilliseconds(nowUnixMs);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
