using System.Text;

namespace OnlineChat.Client;

/// <summary>
/// The terminal: the seed's "name: " prompt, and incoming messages printed above the line being typed
/// without mangling it; the line being typed outlives reconnections. With redirected input or output it
/// falls back to plain lines (scripts, pipes).
/// </summary>
public sealed class ConsoleUi
{
    private const string ClearLine = "\r\u001b[K";

    private readonly object _lock = new();
    private readonly StringBuilder _typed = new();
    private readonly bool _interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
    private string _prompt = "";

    /// <summary>Shows <paramref name="prompt"/> ("name: ") before the line being typed from now on.</summary>
    public void SetPrompt(string prompt)
    {
        lock (_lock)
        {
            if (_interactive)
            {
                Console.Write(ClearLine + prompt + _typed);
            }

            _prompt = prompt;
        }
    }

    /// <summary>Prints a server message, then redraws the prompt and whatever the user had typed so far.</summary>
    public void Show(string message)
    {
        lock (_lock)
        {
            if (_interactive)
            {
                Console.Write(ClearLine);
            }

            Console.Write(message.EndsWith('\n') ? message : message + "\n");
            if (_interactive)
            {
                Console.Write(_prompt + _typed);
            }
        }
    }

    /// <summary>The next line the user entered; null at end of input.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        // Neither ReadKey nor a console ReadLine can be interrupted, so stop waiting on them instead.
        (_interactive ? Task.Run(ReadKeysUntilEnter, CancellationToken.None) : Console.In.ReadLineAsync(CancellationToken.None).AsTask())
            .WaitAsync(cancellationToken);

    private string? ReadKeysUntilEnter()
    {
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            lock (_lock)
            {
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        var line = _typed.ToString();
                        _typed.Clear();
                        Console.Write("\n" + _prompt);
                        return line;
                    case ConsoleKey.Backspace when _typed.Length > 0:
                        _typed.Length--;
                        Console.Write("\b \b");
                        break;
                    case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && _typed.Length == 0:
                        return null;
                    default:
                        if (!char.IsControl(key.KeyChar))
                        {
                            _typed.Append(key.KeyChar);
                            Console.Write(key.KeyChar);
                        }

                        break;
                }
            }
        }
    }
}
