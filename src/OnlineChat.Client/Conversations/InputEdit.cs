using System.Globalization;

namespace OnlineChat.Client.Conversations;

/// <summary>
/// Edits of the input line made here rather than by Terminal.Gui's TextField, on its text and insertion point.
/// TextField counts the insertion point in text elements (what shows as one character: an emoji, a letter and
/// its accent), while a string is indexed in UTF-16 units: these convert between the two.
/// </summary>
public static class InputEdit
{
    /// <summary>
    /// Puts <paramref name="typed"/> in place of the <paramref name="length"/> elements at <paramref name="start"/>
    /// (0: an insertion); the insertion point goes after it.
    /// </summary>
    public static (string Text, int Point) Replace(string text, int start, int length, string typed)
    {
        var from = CharIndex(text, start);
        var to = CharIndex(text, start + length);
        var before = text[..from] + typed;
        return (before + text[to..], Elements(before));
    }

    /// <summary>Ctrl+U, as in a shell: what is before the insertion point goes.</summary>
    public static string DeleteBefore(string text, int point) => text[CharIndex(text, point)..];

    /// <summary>The UTF-16 index where element <paramref name="point"/> starts (the text's length past the last).</summary>
    public static int CharIndex(string text, int point)
    {
        if (point <= 0)
        {
            return 0;
        }

        var starts = StringInfo.ParseCombiningCharacters(text);
        return point < starts.Length ? starts[point] : text.Length;
    }

    /// <summary>The insertion point at UTF-16 index <paramref name="index"/>: the elements that start before it.</summary>
    public static int Point(string text, int index) =>
        StringInfo.ParseCombiningCharacters(text).Count(start => start < index);

    /// <summary>How many elements <paramref name="text"/> shows as.</summary>
    public static int Elements(string text) => new StringInfo(text).LengthInTextElements;
}
