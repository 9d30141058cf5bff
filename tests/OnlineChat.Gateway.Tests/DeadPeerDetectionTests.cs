using System.Net.Sockets;

namespace OnlineChat.Gateway.Tests;

/// <summary>The TCP options that find a client gone without a goodbye, read back from a real socket.</summary>
public sealed class DeadPeerDetectionTests
{
    [Theory]
    [InlineData(90, 45, 15)] // the default: silent 45 s, then three probes 15 s apart
    [InlineData(10, 5, 1)]
    [InlineData(7200, 3600, 1200)]
    public void Half_the_timeout_is_silence_and_the_other_half_three_probes(int timeout, int idle, int interval) =>
        Assert.Equal((idle, interval), DeadPeerDetection.KeepAlive(TimeSpan.FromSeconds(timeout)));

    [SkippableFact]
    public async Task An_accepted_socket_gets_keepalive_probes_and_a_limit_on_unacknowledged_data()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_USER_TIMEOUT is Linux's; the gateway runs on Linux");
        using var pair = await SocketPair.ConnectAsync();
        Assert.Equal(0, (int)pair.Server.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);

        DeadPeerDetection.Apply(pair.Server, TimeSpan.FromSeconds(90));

        Assert.Equal(1, (int)pair.Server.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(45, (int)pair.Server.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(15, (int)pair.Server.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(DeadPeerDetection.Probes, (int)pair.Server.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        Assert.Equal(90_000, DeadPeerDetection.UserTimeoutMilliseconds(pair.Server));
    }

    [SkippableFact]
    public async Task Zero_leaves_the_socket_as_the_system_has_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_USER_TIMEOUT is Linux's; the gateway runs on Linux");
        using var pair = await SocketPair.ConnectAsync();
        DeadPeerDetection.Apply(pair.Server, TimeSpan.Zero);
        Assert.Equal(0, (int)pair.Server.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(0, DeadPeerDetection.UserTimeoutMilliseconds(pair.Server));
    }
}
