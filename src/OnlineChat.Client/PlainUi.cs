using System.Text;
using OnlineChat.Client.Conversations;

namespace OnlineChat.Client;

/// <summary>
/// The plain terminal (--plain, and whenever input or output is not a terminal): the seed's "name: " prompt, and incoming messages printed above the line being typed
/// without mangling it, however many screen rows that line has wrapped onto and whatever the width of its
/// characters (CJK and emoji take two columns: Wcwidth, the maintained port of wcwidth(3), says which);
/// the line being typed outlives reconnections. With redirected input or output it falls back to plain
/// lines (scripts, pipes).
/// </summary>
public sealed class PlainUi : IChatUi
{
    /// <summary>Back to the start of the row, then clear to the end of the screen.</summary>
    private const string ClearToEnd = "\r\u001b[J";

    private readonly object _lock = new();
    private readonly StringBuilder _typed = new();
    private readonly bool _interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
    private string _prompt = "";
    private char? _highSurrogate;

    public void LoggedIn(string name, GatewayAddress gateway) => SetPrompt(name + ": ");

    public void ConnectionLost()
    {
    }

    public void ShowClient(string text) => Show(text);

    public void ShowReply(string text) => Show(text);

    public void ShowLogged(string text, bool missed) => Show(text);

    public void Resumed(int count)
    {
        if (count > 0)
        {
            Show($"({count} {(count == 1 ? "message" : "messages")} you missed while reconnecting {(count == 1 ? "is" : "are")} shown above.)");
        }
    }

    public void MeasuredLag(TimeSpan lag)
    {
    }

    /// <summary>Shows <paramref name="prompt"/> ("name: ") before the line being typed from now on.</summary>
    private void SetPrompt(string prompt)
    {
        lock (_lock)
        {
            if (_interactive)
            {
                Console.Write(ClearTyped() + prompt + _typed);
            }

            _prompt = prompt;
        }
    }

    /// <summary>Prints a message, then redraws the prompt and whatever the user had typed so far.</summary>
    private void Show(string message)
    {
        lock (_lock)
        {
            if (_interactive)
            {
                Console.Write(ClearTyped());
            }

            // Piped output stays as the server sent it; on a terminal it is made safe to show.
            var shown = _interactive ? TerminalText.Safe(message) : message;
            Console.Write(shown.EndsWith('\n') ? shown : shown + "\n");
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

    /// <summary>Moves from the end of the prompt and typed line to its first row and clears from there on.</summary>
    private string ClearTyped()
    {
        var rows = DisplayWidth.Rows(_prompt + _typed.ToString(), Columns());
        return rows > 1 ? $"\u001b[{rows - 1}A{ClearToEnd}" : ClearToEnd;
    }

    private static int Columns()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

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
                        _highSurrogate = null;
                        Console.Write("\n" + _prompt);
                        return line;
                    case ConsoleKey.Backspace when _typed.Length > 0:
                        // A whole character, never half of an emoji's surrogate pair; redrawn, since a wide
                        // character or a wrapped row is more than one "\b" back.
                        var clear = ClearTyped();
                        _typed.Length -= _typed.Length > 1 && char.IsLowSurrogate(_typed[^1]) ? 2 : 1;
                        Console.Write(clear + _prompt + _typed);
                        break;
                    case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && _typed.Length == 0:
                        return null;
                    default:
                        Type(key.KeyChar);
                        break;
                }
            }
        }
    }

    /// <summary>Adds a typed character; the two halves of a surrogate pair are written together, as one character.</summary>
    private void Type(char c)
    {
        if (char.IsHighSurrogate(c))
        {
            _highSurrogate = c;
            return;
        }

        if (char.IsLowSurrogate(c))
        {
            if (_highSurrogate is { } high)
            {
                _typed.Append(high).Append(c);
                Console.Write(new string([high, c]));
            }

            _highSurrogate = null;
            return;
        }

        _highSurrogate = null;
        if (!char.IsControl(c))
        {
            _typed.Append(c);
            Console.Write(c);
        }
    }
}
