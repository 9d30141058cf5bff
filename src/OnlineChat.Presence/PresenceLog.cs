namespace OnlineChat.Presence;

internal static partial class PresenceLog
{
    [LoggerMessage(2001, LogLevel.Information, "Gateway {GatewayId} stopped renewing its lease; logged out its {UserCount} users.")]
    public static partial void GatewayExpired(ILogger logger, string gatewayId, int userCount);

    [LoggerMessage(2002, LogLevel.Warning, "Sweeping expired gateways failed; retrying on the next tick.")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(2003, LogLevel.Information, "User {User} logged in through {Token}.")]
    public static partial void UserClaimed(ILogger logger, string user, string token);

    [LoggerMessage(2004, LogLevel.Information, "User {User} logged out ({Token}).")]
    public static partial void UserReleased(ILogger logger, string user, string token);

    [LoggerMessage(2005, LogLevel.Error, "{Problem} Logins through this presence service will fail until that is fixed.")]
    public static partial void RedisOfAnotherDeployment(ILogger logger, string problem);
}
