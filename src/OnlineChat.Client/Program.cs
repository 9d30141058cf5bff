using OnlineChat.Client;

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

var code = await new ChatClient(arguments, new ConsoleUi()).RunAsync(stop.Token);
if (code == 0)
{
    Console.WriteLine("\nDisconnected.");
}

return code;
