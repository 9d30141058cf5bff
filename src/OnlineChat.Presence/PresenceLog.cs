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

    [LoggerMessage(2006, LogLevel.Warning, "The directory is missing (Redis restarted empty?): new logins wait {Seconds} s while gateways put their connected users back.")]
    public static partial void DirectoryRecovering(ILogger logger, double seconds);

    [LoggerMessage(2007, LogLevel.Information, "The directory is whole again; logins are open.")]
    public static partial void DirectoryRecovered(ILogger logger);

    [LoggerMessage(2008, LogLevel.Information, "Account {User} registered.")]
    public static partial void AccountRegistered(ILogger logger, string user);

    [LoggerMessage(2018, LogLevel.Information, "Password of account {Account} set by {User}.")]
    public static partial void PasswordSet(ILogger logger, string account, string user);

    [LoggerMessage(2009, LogLevel.Warning, "Failed login to {User} from {Address}.")]
    public static partial void LoginFailed(ILogger logger, string user, string address);

    [LoggerMessage(2010, LogLevel.Information, "Account {User} logged in through {Token} (replacing {ReplacedToken}).")]
    public static partial void LoggedIn(ILogger logger, string user, string token, string? replacedToken);

    [LoggerMessage(2011, LogLevel.Warning, "Gateway {GatewayId} put {Added} users back; {Lost} names were taken meanwhile.")]
    public static partial void UsersReclaimed(ILogger logger, string gatewayId, int added, int lost);

    [LoggerMessage(2012, LogLevel.Information, "Group {Group} created by {User}.")]
    public static partial void GroupCreated(ILogger logger, string group, string user);

    [LoggerMessage(2013, LogLevel.Information, "User {User} joined group {Group}.")]
    public static partial void GroupJoined(ILogger logger, string group, string user);

    [LoggerMessage(2015, LogLevel.Information, "Moderator {Moderator} muted {User} until {Until} (none: the mute is lifted).")]
    public static partial void Muted(ILogger logger, string user, string moderator, DateTimeOffset? until);

    [LoggerMessage(2014, LogLevel.Information, "User {User} left group {Group}.")]
    public static partial void GroupLeft(ILogger logger, string group, string user);

    [LoggerMessage(2016, LogLevel.Information, "The connection of {User} ({Token}) dropped; the login is kept for the client to resume.")]
    public static partial void SessionSuspended(ILogger logger, string user, string token);

    [LoggerMessage(2017, LogLevel.Information, "User {User} resumed the login through {Token}.")]
    public static partial void SessionResumed(ILogger logger, string user, string token);
}
