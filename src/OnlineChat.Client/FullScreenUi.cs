using System.Collections.ObjectModel;
using System.Threading.Channels;
using OnlineChat.Client.Conversations;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace OnlineChat.Client;

/// <summary>
/// The full-screen client on Terminal.Gui: the open conversations on the left (with unread counts), the
/// shown one's scrollback on the right, a status line, and the input line (Terminal.Gui's TextField:
/// cursor keys, Home/End, wide characters; input history and Tab completion added here). What is shown
/// and what a typed line becomes is <see cref="ClientScreen"/>'s; this class only draws it and reads keys.
/// Everything that touches the views runs on Terminal.Gui's thread (<see cref="IApplication.Invoke(Action)"/>).
/// </summary>
public sealed class FullScreenUi : IChatUi
{
    private const int ListWidth = 18;

    /// <summary>
    /// Below this width the conversation list is hidden and the scrollback takes the whole width: at 40 columns
    /// the list left a message 21 columns, a few words a row. The prompt names the conversation shown, and the
    /// status line the unread ones.
    /// </summary>
    private const int NarrowWidth = 60;

    /// <summary>A hot-key mark no name or text contains (U+FFFF is not a character).</summary>
    private static readonly System.Text.Rune NoHotKey = new(0xFFFF);

    /// <summary>
    /// The longest input line whose edits can be undone (Ctrl+Z). Terminal.Gui's TextField keeps a copy of the
    /// whole line for every edit (by design, Terminal.Gui#1213), so a long line typed, or pasted by a terminal
    /// without bracketed paste (one key per character), grew quadratically: 3,000 characters cost 15 s of CPU
    /// and 950 MB, and the client froze meanwhile. Past this length each edit clears that history.
    /// </summary>
    private const int UndoableLength = 200;

    /// <summary>How many lines of the conversation shown are printed when the UI closes.</summary>
    private const int LinesKeptOnExit = 5;

    private readonly Channel<string> _toSend = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _typed = new();
    private readonly ClientScreen _screen;
    private readonly InputHistory _history = new();
    private readonly TimeProvider _clock;
    private readonly List<(EntryKind Kind, ConversationKind Where, bool Missed)> _rowKinds = [];
    private IApplication? _app;
    private ListView _list = null!;
    private Line _divider = null!;
    private ListView _scrollback = null!;
    private Label _status = null!;
    private Label _prompt = null!;
    private TextField _input = null!;
    private bool _redrawQueued;
    private bool _follow = true; // stays at the newest line unless the user scrolled back
    private bool _narrow;

    public FullScreenUi(TimeProvider clock)
    {
        _clock = clock;
        _screen = new ClientScreen(frame => _toSend.Writer.TryWrite(frame), clock);
    }

    /// <summary>Whether this terminal can show it: input and output are a terminal, and not a dumb one.</summary>
    public static bool CanRun =>
        !Console.IsInputRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    /// <summary>Shows the UI and runs <paramref name="client"/> with it until the client ends; returns its exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> client)
    {
        var app = Application.Create().Init();
        Task<int> running;
        try
        {
            _app = app;
            using var window = Build();
            app.Paste += OnPaste;
            running = Task.Run(client);
            _ = running.ContinueWith(_ => app.Invoke(() => app.RequestStop()), TaskScheduler.Default);
            app.Run(window);
        }
        finally
        {
            _app = null;
            app.Dispose(); // gives the terminal back, also on an error, before the last lines are printed on it
        }

        // The full screen is gone with the UI: the last lines stay readable (why a login was refused, "Goodbye.").
        var now = _clock.GetUtcNow();
        foreach (var entry in _screen.Conversations.Active.Lines.TakeLast(LinesKeptOnExit))
        {
            Console.WriteLine(entry.Display(TimeZoneInfo.Local, now));
        }

        return await running;
    }

    public void LoggedIn(string name, GatewayAddress gateway) => OnUi(() => _screen.LoggedIn(name, gateway.ToString()));

    public void ConnectionLost() => OnUi(_screen.ConnectionLost);

    public void ShowClient(string text) => OnUi(() => _screen.ShowClient(text));

    public void ShowReply(string text) => OnUi(() => _screen.ShowReply(text));

    public void ShowLogged(string text, bool missed) => OnUi(() => _screen.ShowLogged(text, missed));

    public void Resumed(int count) => OnUi(() => _screen.Resumed(count));

    public void MeasuredLag(TimeSpan lag) => OnUi(() => _screen.MeasuredLag(lag));

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _toSend.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private Window Build()
    {
        var window = new Window { Title = "OnlineChat", BorderStyle = LineStyle.None };
        _list = new ListView { X = 0, Y = 0, Width = ListWidth, Height = Dim.Fill(2), CanFocus = false };
        _list.RowRender += (_, e) =>
        {
            var conversations = _screen.Conversations;
            if (e.Row == conversations.ActiveIndex)
            {
                e.RowAttribute = new Attribute(ColorName16.Black, ColorName16.White);
            }
            else if (e.Row < conversations.All.Count && conversations.All[e.Row].Unread > 0)
            {
                e.RowAttribute = new Attribute(ColorName16.BrightYellow, Background());
            }
        };
        _divider = new Line { X = ListWidth, Y = 0, Height = Dim.Fill(2), Orientation = Orientation.Vertical };
        _scrollback = new ListView { X = ListWidth + 1, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(2), CanFocus = false };
        _scrollback.RowRender += (_, e) =>
        {
            if (e.Row < _rowKinds.Count)
            {
                e.RowAttribute = new Attribute(Colour(_rowKinds[e.Row]), Background());
            }
        };
        _scrollback.FrameChanged += (_, _) => QueueRedraw();
        // No hot keys in these labels: a name like "ann_2" would otherwise lose its "_" (Terminal.Gui's hot-key mark).
        _status = new Label { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), HotKeySpecifier = NoHotKey };
        _prompt = new Label { X = 0, Y = Pos.AnchorEnd(1), HotKeySpecifier = NoHotKey };
        _input = new TextField { X = Pos.Right(_prompt), Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        _input.KeyDown += (_, key) => key.Handled = OnKey(key);
        _input.TextChanged += (_, _) =>
        {
            if (_input.Text.Length > UndoableLength)
            {
                _input.ClearHistoryChanges();
            }
        };
        window.FrameChanged += (_, _) => FitWidth(window.Frame.Width);
        window.Add(_list, _divider, _scrollback, _status, _prompt, _input);
        _input.SetFocus();
        Redraw();
        return window;
    }

    /// <summary>Shows the conversation list beside the scrollback, or (in a narrow terminal) the scrollback alone.</summary>
    private void FitWidth(int width)
    {
        var narrow = width < NarrowWidth;
        if (narrow == _narrow)
        {
            return;
        }

        _narrow = narrow;
        _list.Visible = !narrow;
        _divider.Visible = !narrow;
        _scrollback.X = narrow ? 0 : ListWidth + 1;
        QueueRedraw();
    }

    private Color Background() => _scrollback.GetAttributeForRole(VisualRole.Normal).Background;

    /// <summary>Colours that tell lines apart: yours, PMs, groups, the moderator, events, replies, errors, the client's notes.</summary>
    internal static Color Colour((EntryKind Kind, ConversationKind Where, bool Missed) row) => row switch
    {
        { Kind: EntryKind.Own } => ColorName16.BrightGreen,
        { Kind: EntryKind.Moderator } => ColorName16.BrightYellow,
        { Kind: EntryKind.Error } => ColorName16.BrightRed,
        { Kind: EntryKind.Client } => ColorName16.BrightBlue,
        { Kind: EntryKind.Reply } => ColorName16.Cyan,
        { Kind: EntryKind.Event } => ColorName16.Gray,
        { Kind: EntryKind.Action } => ColorName16.Magenta,
        { Missed: true } => ColorName16.Yellow,
        { Where: ConversationKind.Private } => ColorName16.BrightMagenta,
        { Where: ConversationKind.Group } => ColorName16.BrightCyan,
        _ => ColorName16.White,
    };

    /// <summary>The keys the input line does not handle itself, or handles otherwise than a chat needs.</summary>
    private bool OnKey(Key key)
    {
        // Characters that arrive together go into the line together. TextField does work the length of the line
        // for every key it inserts, so a paste from a terminal without bracketed paste (one key per character)
        // took 15 s of CPU for 3,000 characters, the client frozen meanwhile. Any other key inserts what is
        // waiting first, so that it acts where the typing left the cursor.
        if (!key.IsCtrl && !key.IsAlt && key.GetPrintableText() is { Length: > 0 } text && !text.Any(char.IsControl))
        {
            if (_typed.Length == 0)
            {
                QueueInsertTyped();
            }

            _typed.Append(text);
            return true;
        }

        InsertTyped();
        if (key == Key.Enter)
        {
            Submit(_input.Text);
            _input.Text = "";
        }
        else if (key == Key.C.WithCtrl || (key == Key.D.WithCtrl && _input.Text.Length == 0))
        {
            _toSend.Writer.TryWrite("/quit");
        }
        else if (key == Key.CursorUp || key == Key.CursorDown)
        {
            _input.Text = key == Key.CursorUp ? _history.Previous(_input.Text) : _history.Next(_input.Text);
            _input.InsertionPoint = _input.Text.Length;
        }
        else if (key == Key.Tab)
        {
            Complete();
        }
        else if (key == Key.N.WithCtrl || key == Key.P.WithCtrl)
        {
            _screen.Conversations.Move(key == Key.N.WithCtrl ? 1 : -1);
            _follow = true;
        }
        else if (key.IsAlt && key.NoAlt.KeyCode is >= Terminal.Gui.Drivers.KeyCode.D1 and <= Terminal.Gui.Drivers.KeyCode.D9)
        {
            _screen.Conversations.Show((int)(key.NoAlt.KeyCode - Terminal.Gui.Drivers.KeyCode.D1));
            _follow = true;
        }
        else if (key == Key.L.WithCtrl && _app is { } app)
        {
            // The terminal's picture can part from ours where the two disagree on a character's width (a thumbs-up
            // with a skin tone is one emoji to Wcwidth and two to tmux): a row spills into the next, and only cells
            // that change are drawn again. Ctrl+L, as in shells and editors, draws it all anew.
            app.ClearScreenNextIteration = true;
            app.LayoutAndDraw(forceRedraw: true);
            return true;
        }
        else if (key == Key.PageUp || key == Key.PageDown)
        {
            Scroll(key == Key.PageUp ? -1 : 1);
            return true;
        }
        else if (key == Key.U.WithCtrl)
        {
            // Deletes what is before the cursor, as in a shell.
            _input.Text = InputEdit.DeleteBefore(_input.Text, _input.InsertionPoint);
            _input.InsertionPoint = 0;
        }
        else if (key == Key.W.WithCtrl)
        {
            _input.KillWordBackwards();
        }
        else if (key == Key.A.WithCtrl)
        {
            _input.InsertionPoint = 0;
        }
        else if (key == Key.E.WithCtrl)
        {
            _input.InsertionPoint = _input.Text.Length;
        }
        else if (key == Key.Esc)
        {
            // Not Terminal.Gui's "quit": a chat is left with /quit or Ctrl+C.
        }
        else
        {
            return false;
        }

        QueueRedraw();
        return true;
    }

    /// <summary>
    /// Inserts the typed characters on the loop's next turn, after the keys read with them (Invoke would run it
    /// at once: this is the UI's thread already).
    /// </summary>
    private void QueueInsertTyped() => _app?.AddTimeout(TimeSpan.Zero, () =>
    {
        InsertTyped();
        return false;
    });

    /// <summary>Puts the characters typed since the last key of another kind into the input line, at the cursor.</summary>
    private void InsertTyped()
    {
        if (_typed.Length == 0)
        {
            return;
        }

        // One change of the whole line: TextField's own InsertText goes a character at a time, at the same cost.
        var (start, length) = _input.SelectedLength > 0 ? (_input.SelectedStart, _input.SelectedLength) : (_input.InsertionPoint, 0);
        var (text, point) = InputEdit.Replace(_input.Text, start, length, _typed.ToString());
        _typed.Clear();
        _input.Text = text;
        _input.InsertionPoint = point;
    }

    /// <summary>Enters a line as typed; /quit passes through ClientScreen to ChatClient, which leaves on it.</summary>
    private void Submit(string typed)
    {
        _history.Add(typed);
        _follow = true;
        _screen.Enter(typed);
    }

    /// <summary>
    /// A paste of several lines (a terminal's bracketed paste) is entered line by line, as if typed, where the
    /// one-line input would keep only the first; ChatClient paces them under the gateway's rate. What follows
    /// the last newline stays in the input to be edited.
    /// </summary>
    private void OnPaste(object? sender, PasteEventArgs e)
    {
        InsertTyped();
        var text = e.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!text.Contains('\n'))
        {
            return; // one line: the input line takes it at the cursor
        }

        e.Handled = true;
        var cursor = InputEdit.CharIndex(_input.Text, _input.InsertionPoint);
        var after = _input.Text[cursor..];
        var lines = text.Split('\n');
        lines[0] = _input.Text[..cursor] + lines[0];
        foreach (var line in lines[..^1])
        {
            Submit(line);
        }

        _input.Text = lines[^1] + after;
        _input.InsertionPoint = InputEdit.Elements(lines[^1]);
        QueueRedraw();
    }

    private void Complete()
    {
        var names = _screen.Names.Users.Concat(_screen.Names.Groups);
        var result = TabCompletion.Complete(_input.Text, InputEdit.CharIndex(_input.Text, _input.InsertionPoint), ClientScreen.Commands, names);
        _input.Text = result.Text;
        _input.InsertionPoint = InputEdit.Point(result.Text, result.Cursor);
        if (result.Candidates.Count > 1)
        {
            _screen.ShowClient(string.Join("  ", result.Candidates));
        }
    }

    private void Scroll(int pages)
    {
        var page = Math.Max(1, _scrollback.Viewport.Height - 1);
        var last = Math.Max(0, _rowKinds.Count - _scrollback.Viewport.Height);
        var top = Math.Clamp(_scrollback.Viewport.Y + pages * page, 0, last);
        _follow = top >= last;
        _scrollback.Viewport = _scrollback.Viewport with { Y = top };
    }

    private void OnUi(Action change)
    {
        if (_app is not { } app)
        {
            return;
        }

        app.Invoke(() =>
        {
            change();
            QueueRedraw();
        });
    }

    /// <summary>Redraws once for however many lines arrive together (a catch-up, a /history page).</summary>
    private void QueueRedraw()
    {
        if (_redrawQueued || _app is not { } app)
        {
            return;
        }

        _redrawQueued = true;
        app.AddTimeout(TimeSpan.FromMilliseconds(20), () =>
        {
            _redrawQueued = false;
            Redraw();
            return false;
        });
    }

    private void Redraw()
    {
        var conversations = _screen.Conversations;
        _list.SetSource(new ObservableCollection<string>(conversations.All.Select((c, i) => i < 9 ? $"{i + 1} {c.Label}" : $"  {c.Label}")));

        var width = Math.Max(10, _scrollback.Viewport.Width);
        var now = _clock.GetUtcNow();
        var rows = new ObservableCollection<string>();
        _rowKinds.Clear();
        var where = conversations.Active.Key.Kind;
        foreach (var entry in conversations.Active.Lines)
        {
            foreach (var row in DisplayWidth.Wrap(entry.Display(TimeZoneInfo.Local, now), width, entry.TextColumn(TimeZoneInfo.Local, now)))
            {
                rows.Add(row);
                _rowKinds.Add((entry.Kind, where, entry.Missed));
            }
        }

        var top = _scrollback.Viewport.Y;
        _scrollback.SetSource(rows);
        var height = Math.Max(1, _scrollback.Viewport.Height);
        var last = Math.Max(0, rows.Count - height);
        _scrollback.Viewport = _scrollback.Viewport with { Y = _follow ? last : Math.Min(top, last) };

        // First when narrow: the status line is cut at the terminal's edge.
        _status.Text = _narrow && _screen.UnreadSummary is { Length: > 0 } unread ? $"{unread} · {_screen.Status}" : _screen.Status;
        _prompt.Text = $"[{conversations.Active.Key.Label}] ";
    }
}
