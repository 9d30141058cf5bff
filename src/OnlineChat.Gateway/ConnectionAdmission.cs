using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Decides whether a new TCP connection may start a chat session: the gateway-wide and per-address limits,
/// and whether the gateway is draining. Each admitted connection holds a ticket until it closes; the ticket
/// carries its address's shared <see cref="AddressBudget"/>.
/// </summary>
public sealed class ConnectionAdmission(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly GatewayOptions _options = options.Value;
    private readonly ConcurrentDictionary<IPAddress, AddressBudget> _perAddress = new();
    private int _total;
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public int Open => Volatile.Read(ref _total);

    public void StartDraining() => _draining = true;

    public void StopDraining() => _draining = false;

    /// <summary>A ticket to dispose when the connection closes, or the reason it is refused (ticket null).</summary>
    public (AdmissionTicket? Ticket, string? Refusal) TryAdmit(IPAddress? address)
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
            return (new AdmissionTicket(this, null, null), null);
        }

        // Bounded: a budget is retired only when its count reaches zero, which another connection's open
        // cannot keep doing forever on one address.
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var budget = _perAddress.GetOrAdd(address, _ => NewBudget());
            if (!budget.TryOpen(out var fromAddress))
            {
                _perAddress.TryRemove(new KeyValuePair<IPAddress, AddressBudget>(address, budget));
                continue;
            }

            var ticket = new AdmissionTicket(this, address, budget);
            if (_options.MaxConnectionsPerAddress > 0 && fromAddress > _options.MaxConnectionsPerAddress)
            {
                ticket.Dispose();
                return (null, ChatText.TooManyFromAddress(_options.MaxConnectionsPerAddress));
            }

            return (ticket, null);
        }

        Interlocked.Decrement(ref _total);
        return (null, ChatText.TooManyFromAddress(_options.MaxConnectionsPerAddress));
    }

    private AddressBudget NewBudget() => new(
        _options.MaxHandshakesPerAddress, _options.AddressMessagesPerSecond, _options.AddressMessageBurst, time.GetTimestamp(), time.TimestampFrequency);

    private void Release(IPAddress? address, AddressBudget? budget)
    {
        Interlocked.Decrement(ref _total);
        // Drop the entry when its last connection closes so that many one-off addresses do not grow the map forever.
        if (address is not null && budget!.Close())
        {
            _perAddress.TryRemove(new KeyValuePair<IPAddress, AddressBudget>(address, budget));
        }
    }

    /// <summary>An admitted connection's place; dispose it when the connection closes.</summary>
    public sealed class AdmissionTicket(ConnectionAdmission owner, IPAddress? address, AddressBudget? budget) : IDisposable
    {
        private int _disposed;

        /// <summary>What the connection's address shares with its other connections; null when the address is unknown.</summary>
        public AddressBudget? Budget => budget;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(address, budget);
            }
        }
    }
}
