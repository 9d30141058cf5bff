using System.Runtime.InteropServices;
using OnlineChat.Client;

var commandLine = new ClientCommandLine();
commandLine.Command.SetAction(async (parse, cancel) =>
{
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true; // Leave through the normal path so the server hears /quit.
        stop.Cancel();
    };

    // A closed terminal window (SIGHUP) or a plain kill (SIGTERM) is the user leaving too. Without these the
    // process died without /quit, and the server kept the login for a resume: the others saw the user online
    // for the resume window (two minutes). The runtime would end the process on them; cancelled, it leaves
    // through the same path as Ctrl+C, and a watchdog ends it should the terminal's loss hold that path up.
    void Leave(PosixSignalContext signal)
    {
        signal.Cancel = true;
        stop.Cancel();
        _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => Environment.Exit(0), TaskScheduler.Default);
    }

    using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Leave);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Leave);

    var arguments = commandLine.Arguments(parse);
    int code;
    ChatClient? client = null;
    if (arguments.Plain || !FullScreenUi.CanRun)
    {
        code = await (client = new ChatClient(arguments, new PlainUi())).RunAsync(stop.Token);
    }
    else
    {
        var ui = new FullScreenUi(TimeProvider.System);
        code = await ui.RunAsync(() => (client = new ChatClient(arguments, ui)).RunAsync(stop.Token));
    }

    if (code == 0)
    {
        // The full-screen UI is gone with what it showed: say why the server ended the login, if it did.
        Console.WriteLine(client?.EndedBy is { } reason ? $"\nDisconnected: {reason}" : "\nDisconnected.");
    }

    return code;
});

var parsed = commandLine.Command.Parse(args);
if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    // Usage errors exit 64 (EX_USAGE), as before, rather than the library's 1.
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("Try 'onlinechat --help'.");
    return ClientCommandLine.Usage;
}

// No termination timeout: with one, the library handles Ctrl+C itself and ends the process once it passes,
// where the handler above leaves through /quit.
return await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null });
