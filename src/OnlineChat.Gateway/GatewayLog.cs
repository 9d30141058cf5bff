using OnlineChat.Gateway.Delivery;

namespace OnlineChat.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(3001, LogLevel.Information, "User {User} logged in on gateway {GatewayId} ({ConnectionId}).")]
    public static partial void LoggedIn(ILogger logger, string user, string gatewayId, string connectionId);

    [LoggerMessage(3002, LogLevel.Information, "User {User} left gateway {GatewayId} ({ConnectionId}).")]
    public static partial void LoggedOut(ILogger logger, string user, string gatewayId, string connectionId);

    [LoggerMessage(3003, LogLevel.Warning, "Closed {ConnectionId} (user {User}) for a protocol error: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string connectionId, string? user, string reason);

    [LoggerMessage(3004, LogLevel.Warning, "Disconnected {ConnectionId} (user {User}): over {LimitBytes} bytes queued and not read.")]
    public static partial void SlowClient(ILogger logger, string connectionId, string? user, long limitBytes);

    [LoggerMessage(3005, LogLevel.Warning, "Backend unavailable during {Operation}.")]
    public static partial void BackendUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(3006, LogLevel.Warning, "Gateway {GatewayId} re-registered {Added} of its {UserCount} users the directory had lost.")]
    public static partial void UsersReclaimed(ILogger logger, string gatewayId, int added, int userCount);

    [LoggerMessage(3007, LogLevel.Warning, "Gateway {GatewayId} ended {Ended} logins the directory listed for it whose connections had closed.")]
    public static partial void GhostLoginsEnded(ILogger logger, string gatewayId, int ended);

    [LoggerMessage(3010, LogLevel.Information, "Gateway {GatewayId} accepting chat clients on port {Port}.")]
    public static partial void Listening(ILogger logger, string gatewayId, int port);

    [LoggerMessage(3011, LogLevel.Warning, "Refused a connection from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string? remote, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "Gateway {GatewayId} draining: told {UserCount} users to move; new clients refused.")]
    public static partial void Draining(ILogger logger, string gatewayId, int userCount);

    [LoggerMessage(3013, LogLevel.Information, "Gateway {GatewayId} accepts new clients again.")]
    public static partial void Resumed(ILogger logger, string gatewayId);

    [LoggerMessage(3014, LogLevel.Error, "Gateway {GatewayId} lost Redis ({Connection}): relaying stopped; told {UserCount} users.")]
    public static partial void RelayDown(ILogger logger, string gatewayId, string connection, int userCount);

    [LoggerMessage(3015, LogLevel.Information, "Gateway {GatewayId} reconnected to Redis; relaying again.")]
    public static partial void RelayBack(ILogger logger, string gatewayId);

    [LoggerMessage(3016, LogLevel.Information, "Fan-out sends: {Path} (io_uring: {IoUring}).")]
    public static partial void SendPath(ILogger logger, string path, string ioUring);

    [LoggerMessage(3020, LogLevel.Information, "User {User} logged in to their account on gateway {GatewayId} ({ConnectionId}).")]
    public static partial void LoggedInToAccount(ILogger logger, string user, string gatewayId, string connectionId);

    [LoggerMessage(3021, LogLevel.Information, "Gateway {GatewayId} takes TLS chat clients on port {Port}; certificate SHA-256 fingerprint {Fingerprint}.")]
    public static partial void ListeningTls(ILogger logger, string gatewayId, int port, string fingerprint);

    [LoggerMessage(3022, LogLevel.Information, "Gateway {GatewayId} caught up {Count} log entries it had not heard while its subscription was down; now at {Position}.")]
    public static partial void CaughtUp(ILogger logger, string gatewayId, int count, string position);

    [LoggerMessage(3023, LogLevel.Information, "User {User} resumed their login on gateway {GatewayId} ({ConnectionId}); {Count} lines caught up.")]
    public static partial void Resumed(ILogger logger, string user, string gatewayId, string connectionId, int count);

    [LoggerMessage(3024, LogLevel.Warning, "Gateway {GatewayId} hears nothing on its channel since Redis came back: subscribing again.")]
    public static partial void Resubscribing(ILogger logger, string gatewayId);

    [LoggerMessage(3025, LogLevel.Debug, "Connection {ConnectionId}: could not set its dead-connection detection ({Reason}).")]
    public static partial void SocketOptionsFailed(ILogger logger, string connectionId, string reason);
}
