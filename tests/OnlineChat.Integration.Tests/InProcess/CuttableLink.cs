using System.Net;
using System.Net.Sockets;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A TCP relay between one service and redis-server that a test cuts and mends: the network between them
/// failing (connections reset, new ones refused) while the rest of the cluster still reaches Redis.
/// </summary>
public sealed class CuttableLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private bool _cut;

    private CuttableLink(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where the service connects instead of Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static CuttableLink To(int redisPort) => new(redisPort);

    /// <summary>Resets every connection through the link; new ones are closed as soon as they arrive.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var connection in _open)
            {
                connection.Dispose();
            }

            _open.Clear();
        }
    }

    public void Mend()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
    }

    /// <summary>Ends when the link is disposed.</summary>
    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                if (_cut)
                {
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }

                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    /// <summary>Copies one direction until either side closes (or the link is cut), then closes both.</summary>
    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // Cut, or the other side closed.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
