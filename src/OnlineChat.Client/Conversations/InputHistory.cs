namespace OnlineChat.Client.Conversations;

/// <summary>
/// The lines entered, for Up and Down as in a shell: Up goes back, Down forward, and past the newest
/// comes back to what was being typed before Up was first pressed.
/// </summary>
public sealed class InputHistory(int capacity = 500)
{
    private readonly List<string> _entered = [];
    private int _position; // == _entered.Count: at the line being typed
    private string _draft = "";

    public void Add(string line)
    {
        if (line.Length > 0 && (_entered.Count == 0 || _entered[^1] != line))
        {
            _entered.Add(line);
            if (_entered.Count > capacity)
            {
                _entered.RemoveAt(0);
            }
        }

        _position = _entered.Count;
        _draft = "";
    }

    /// <summary>The line before the one shown; <paramref name="current"/> is kept as the draft when leaving it.</summary>
    public string Previous(string current)
    {
        if (_position == _entered.Count)
        {
            _draft = current;
        }

        if (_position > 0)
        {
            _position--;
        }

        return _entered.Count == 0 ? current : _entered[_position];
    }

    public string Next(string current)
    {
        if (_position >= _entered.Count)
        {
            return current;
        }

        _position++;
        return _position == _entered.Count ? _draft : _entered[_position];
    }
}
