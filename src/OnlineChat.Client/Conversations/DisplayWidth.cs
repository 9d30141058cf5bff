using System.Globalization;
using Wcwidth;

namespace OnlineChat.Client.Conversations;

/// <summary>
/// Columns text takes in a terminal, and text wrapped to a width: CJK and emoji take two columns (Wcwidth,
/// the maintained port of wcwidth(3), says which), and a character is never split (a surrogate pair, or a
/// letter with its combining marks, stays one text element).
/// </summary>
public static class DisplayWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Math.Max(0, UnicodeCalculator.GetWidth(rune));
        }

        return width;
    }

    /// <summary>How many rows <paramref name="text"/> takes in <paramref name="columns"/> columns (at least one).</summary>
    public static int Rows(string text, int columns) => Math.Max(1, (Of(text) + columns - 1) / Math.Max(1, columns));

    /// <summary><paramref name="text"/> cut into rows of at most <paramref name="columns"/> columns, breaking at spaces where it can.</summary>
    public static IReadOnlyList<string> Wrap(string text, int columns)
    {
        columns = Math.Max(2, columns);
        var rows = new List<string>();
        var row = new System.Text.StringBuilder();
        var rowWidth = 0;
        var lastSpace = -1; // index in row just after the last space
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var width = Of(element);
            if (rowWidth + width > columns && row.Length > 0)
            {
                if (element == " ")
                {
                    // The row ends exactly at a word's end: the space that would overflow it is the break.
                    rows.Add(row.ToString());
                    row.Clear();
                    rowWidth = 0;
                    lastSpace = -1;
                    continue;
                }

                if (lastSpace > 0 && lastSpace < row.Length)
                {
                    // Carry the word being cut over to the next row.
                    var carried = row.ToString(lastSpace, row.Length - lastSpace);
                    rows.Add(row.ToString(0, lastSpace).TrimEnd());
                    row.Clear().Append(carried);
                    rowWidth = Of(carried);
                }
                else
                {
                    rows.Add(row.ToString());
                    row.Clear();
                    rowWidth = 0;
                }

                lastSpace = -1;
            }

            row.Append(element);
            rowWidth += width;
            if (element == " ")
            {
                lastSpace = row.Length;
            }
        }

        rows.Add(row.ToString());
        return rows;
    }
}
