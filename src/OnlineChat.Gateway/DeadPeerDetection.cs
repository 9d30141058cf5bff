using System.Net.Sockets;

namespace OnlineChat.Gateway;

/// <summary>
/// Finds a client that vanished without closing its connection (a laptop lid shut, Wi-Fi gone, a NAT that
/// forgot the connection). Without it the gateway learns of such a client only when a send has gone
/// unacknowledged through the kernel's retries, about 15 minutes, or never while the chat is quiet: the
/// user stays listed online and a seed client that reconnects gets name1. The seed's protocol has no ping
/// of its own and its clients must keep working unchanged, so this is done below it, in TCP: keepalive
/// probes a connection that has been silent for half the timeout, three times over the other half, and
/// TCP_USER_TIMEOUT (Linux) ends one whose sent data stays unacknowledged for the whole timeout.
/// </summary>
public static class DeadPeerDetection
{
    /// <summary>Keepalive probes left unanswered before the kernel gives up on the connection.</summary>
    public const int Probes = 3;

    // From linux/tcp.h; .NET names no option for it.
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    /// <summary>The keepalive idle time and probe interval, in whole seconds, for <paramref name="timeout"/>.</summary>
    public static (int IdleSeconds, int IntervalSeconds) KeepAlive(TimeSpan timeout)
    {
        var total = Math.Max(2, (int)timeout.TotalSeconds);
        var idle = total / 2;
        return (idle, Math.Max(1, (total - idle) / Probes));
    }

    /// <summary>Sets the options on an accepted client's socket; zero <paramref name="timeout"/> leaves it as the system has it.</summary>
    public static void Apply(Socket socket, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        var (idle, interval) = KeepAlive(timeout);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idle);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, interval);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, BitConverter.GetBytes((int)timeout.TotalMilliseconds));
        }
    }

    /// <summary>TCP_USER_TIMEOUT of <paramref name="socket"/> in milliseconds (Linux; 0: the system's).</summary>
    public static int UserTimeoutMilliseconds(Socket socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        socket.GetRawSocketOption(IpProtoTcp, TcpUserTimeout, value);
        return BitConverter.ToInt32(value);
    }
}
