using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OnlineChat.Gateway;

/// <summary>
/// The chat listeners (plain and, when configured, TLS), kept so the bound ports can be read once Kestrel has
/// started (they differ from the configured ones when those were 0, as in tests).
/// </summary>
public sealed class ChatEndpoint
{
    internal ListenOptions? Listener { get; set; }

    internal ListenOptions? TlsListener { get; set; }

    /// <summary>The certificate the TLS port presents; null when there is no TLS port.</summary>
    public X509Certificate2? TlsCertificate { get; internal set; }

    public int Port => (Listener?.EndPoint as IPEndPoint)?.Port
        ?? throw new InvalidOperationException("The chat listener has not been bound yet.");

    /// <summary>The TLS port, or null when the gateway has none.</summary>
    public int? TlsPort => TlsListener is null ? null : (TlsListener.EndPoint as IPEndPoint)?.Port;
}
