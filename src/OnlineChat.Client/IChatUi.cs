namespace OnlineChat.Client;

/// <summary>
/// What the client shows and reads, whichever the terminal: the full-screen UI (<see cref="FullScreenUi"/>)
/// or plain lines (<see cref="PlainUi"/>, --plain). <see cref="ChatClient"/> owns the connection and calls
/// these from its own threads.
/// </summary>
public interface IChatUi
{
    /// <summary>Logged in (again) as <paramref name="name"/> on <paramref name="gateway"/>.</summary>
    void LoggedIn(string name, GatewayAddress gateway);

    /// <summary>The connection is gone; the client is reconnecting.</summary>
    void ConnectionLost();

    /// <summary>The client's own words: connecting, reconnecting, a line refused locally.</summary>
    void ShowClient(string text);

    /// <summary>A server frame that is not from the message log: replies to commands, notices.</summary>
    void ShowReply(string text);

    /// <summary>A line from the message log; <paramref name="missed"/> while catching up after a reconnect.</summary>
    void ShowLogged(string text, bool missed);

    /// <summary>A reconnect's catch-up has ended, having brought <paramref name="count"/> lines.</summary>
    void Resumed(int count);

    /// <summary>How long the server took to acknowledge the last line sent.</summary>
    void MeasuredLag(TimeSpan lag);

    /// <summary>The next frame to send, as the user entered it; null at end of input.</summary>
    Task<string?> ReadLineAsync(CancellationToken cancellationToken);
}
