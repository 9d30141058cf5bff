using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OnlineChat.Gateway;

/// <summary>
/// The chat listener, kept so the bound port can be read once Kestrel has started (it differs from the
/// configured one when that was 0, as in tests).
/// </summary>
public sealed class ChatEndpoint
{
    internal ListenOptions? Listener { get; set; }

    public int Port => (Listener?.EndPoint as IPEndPoint)?.Port
        ?? throw new InvalidOperationException("The chat listener has not been bound yet.");
}
