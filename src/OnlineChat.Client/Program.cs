using System.Net.Sockets;
using OnlineChat.Client;
using OnlineChat.Protocol;

var arguments = ClientArguments.TryParse(args, out var argumentError);
if (arguments is null)
{
    Console.Error.WriteLine(argumentError);
    Console.Error.WriteLine(ClientArguments.UsageText);
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // Leave through the normal path so the server hears /quit.
    stop.Cancel();
};

FrameConnection connection;
try
{
    connection = await FrameConnection.ConnectAsync(arguments.Host, arguments.Port, stop.Token, arguments.Tls, arguments.Fingerprint);
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"Could not connect to {arguments.Host}:{arguments.Port}: {ex.Message}");
    return 69;
}
catch (System.Security.Authentication.AuthenticationException ex)
{
    Console.Error.WriteLine($"The TLS connection to {arguments.Host}:{arguments.Port} was refused: {ex.Message} " +
        "Check --fingerprint against the one the server printed.");
    return 69;
}

await using (connection)
{
    try
    {
        if (await connection.ReceiveAsync(stop.Token) != ChatText.Ack)
        {
            Console.Error.WriteLine("Could not establish connection to server.");
            return 69;
        }

        Console.WriteLine("Connection to server established.");
        await connection.SendAsync(arguments.Username, stop.Token);
        var name = await connection.ReceiveAsync(stop.Token);
        if (name is null || name.StartsWith("Error:", StringComparison.Ordinal))
        {
            Console.Error.Write(name ?? "The server closed the connection during login.\n");
            return 65;
        }

        var ui = new ConsoleUi(name + ": ");
        var receiving = ReceiveUntilClosedAsync(connection, ui, stop);
        await SendUntilDoneAsync(connection, ui, stop.Token);
        stop.Cancel(); // We are leaving: the server closing the connection is expected now, not news.
        await connection.SendAsync("/quit", CancellationToken.None);
        // The server answers /quit with a goodbye and closes; do not wait on it forever.
        await receiving.WaitAsync(TimeSpan.FromSeconds(3)).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }
    catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
    {
        Console.Error.WriteLine($"\nConnection to the server was lost: {ex.Message}");
        return 74;
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("\nDisconnected.");
        return 0;
    }
}

static async Task ReceiveUntilClosedAsync(FrameConnection connection, ConsoleUi ui, CancellationTokenSource stop)
{
    try
    {
        while (await connection.ReceiveAsync(CancellationToken.None) is { } message)
        {
            ui.Show(message);
        }

        if (!stop.IsCancellationRequested)
        {
            ui.Show("Connection to the server was closed.");
        }
    }
    catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
    {
        ui.Show($"Connection to the server was lost: {ex.Message}");
    }

    stop.Cancel();
}

static async Task SendUntilDoneAsync(FrameConnection connection, ConsoleUi ui, CancellationToken cancellationToken)
{
    ui.ShowPrompt();
    while (!cancellationToken.IsCancellationRequested)
    {
        string? line;
        try
        {
            line = await ui.ReadLineAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (line is null || line.Trim().Equals("/quit", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await connection.SendAsync(line, cancellationToken);
    }
}
