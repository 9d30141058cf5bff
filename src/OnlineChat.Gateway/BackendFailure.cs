using Polly;
using StackExchange.Redis;

namespace OnlineChat.Gateway;

/// <summary>Failures of Redis or the presence service that a client should hear about as "try again".</summary>
internal static class BackendFailure
{
    public static bool Is(Exception ex) =>
        ex is RedisException or TimeoutException or HttpRequestException or ExecutionRejectedException
            or TaskCanceledException { InnerException: TimeoutException };
}
