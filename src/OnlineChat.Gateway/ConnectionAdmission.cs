using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Decides whether a new TCP connection may start a chat session: the gateway-wide and per-address limits,
/// and whether the gateway is draining. Each admitted connection holds a ticket until it closes.
/// </summary>
public sealed class ConnectionAdmission(IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _options = options.Value;
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public int Open => Volatile.Read(ref _total);

    public void StartDraining() => _draining = true;

    public void StopDraining() => _draining = false;

    /// <summary>A ticket to dispose when the connection closes, or the reason it is refused (ticket null).</summary>
    public (IDisposable? Ticket, string? Refusal) TryAdmit(IPAddress? address)
    {
        if (_draining)
        {
            return (null, ChatText.GatewayDraining);
        }

        if (Interlocked.Increment(ref _total) is var total && _options.MaxConnections > 0 && total > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _total);
            return (null, ChatText.GatewayFull(_options.MaxConnections));
        }

        if (address is null)
        {
            return (new Ticket(this, null), null);
        }

        var fromAddress = _perAddress.AddOrUpdate(address, 1, (_, n) => n + 1);
        if (_options.MaxConnectionsPerAddress > 0 && fromAddress > _options.MaxConnectionsPerAddress)
        {
            Release(address);
            return (null, ChatText.TooManyFromAddress(_options.MaxConnectionsPerAddress));
        }

        return (new Ticket(this, address), null);
    }

    private void Release(IPAddress? address)
    {
        Interlocked.Decrement(ref _total);
        if (address is null)
        {
            return;
        }

        // Drop the entry when it reaches zero so that many one-off addresses do not grow the map forever.
        while (_perAddress.TryGetValue(address, out var n))
        {
            var updated = n <= 1
                ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, n))
                : _perAddress.TryUpdate(address, n - 1, n);
            if (updated)
            {
                return;
            }
        }
    }

    private sealed class Ticket(ConnectionAdmission owner, IPAddress? address) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(address);
            }
        }
    }
}
