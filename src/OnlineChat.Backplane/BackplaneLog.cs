using Microsoft.Extensions.Logging;

namespace OnlineChat.Backplane;

internal static partial class BackplaneLog
{
    [LoggerMessage(1001, LogLevel.Error, "Handling a message from {Channel} failed.")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);
}
