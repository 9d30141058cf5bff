namespace OnlineChat.Client.Conversations;

/// <summary>
/// Tab completion of the word before the cursor: a command when it is the first word and starts with "/",
/// else a user or group name. One match completes (with a space after); several complete as far as they
/// agree, and are returned to be listed.
/// </summary>
public static class TabCompletion
{
    public sealed record Result(string Text, int Cursor, IReadOnlyList<string> Candidates);

    public static Result Complete(string text, int cursor, IEnumerable<string> commands, IEnumerable<string> names)
    {
        cursor = Math.Clamp(cursor, 0, text.Length);
        var start = text.LastIndexOf(' ', Math.Max(0, cursor - 1)) + 1;
        if (cursor == 0 || start > cursor)
        {
            start = cursor;
        }

        var word = text[start..cursor];
        var pool = start == 0 && word.StartsWith('/') ? commands : names;
        var matches = pool.Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (word.Length == 0 || matches.Count == 0)
        {
            return new Result(text, cursor, matches.Count == 0 ? [] : matches);
        }

        var completion = matches.Count == 1 ? matches[0] + " " : CommonPrefix(matches);
        if (completion.Length < word.Length)
        {
            completion = word;
        }

        var completed = text[..start] + completion + text[cursor..];
        return new Result(completed, start + completion.Length, matches.Count == 1 ? [] : matches);
    }

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var prefix = words[0];
        foreach (var word in words.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < word.Length && char.ToLowerInvariant(prefix[n]) == char.ToLowerInvariant(word[n]))
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}
