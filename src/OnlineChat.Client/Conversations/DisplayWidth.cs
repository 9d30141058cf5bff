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

    /// <summary>The fewest columns a continuation row keeps for text: narrower than this, rows are not indented.</summary>
    public const int NarrowestIndentedText = 16;

    /// <summary>
    /// <paramref name="text"/> cut into rows of at most <paramref name="columns"/> columns, breaking at spaces where
    /// it can. Rows after the first start with <paramref name="indent"/> spaces (under the text, past a line's time,
    /// as chat clients do), unless that would leave them fewer than <see cref="NarrowestIndentedText"/> columns.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int columns, int indent = 0)
    {
        columns = Math.Max(2, columns);
        indent = indent > 0 && columns - indent >= NarrowestIndentedText ? indent : 0;
        var rows = new List<string>();
        var row = new System.Text.StringBuilder();
        var rowWidth = 0;
        var lastSpace = -1; // index in row just after the last space
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var width = Of(element);
            var limit = rows.Count == 0 ? columns : columns - indent;
            if (rowWidth + width > limit && row.Length > 0)
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

                var carried = lastSpace > 0 && lastSpace < row.Length ? row.ToString(lastSpace, row.Length - lastSpace) : null;
                if (carried is not null && Of(carried) + width <= columns - indent)
                {
                    // Carry the word being cut over to the next row (if it fits there: that row may be indented).
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
        if (indent > 0)
        {
            var pad = new string(' ', indent);
            for (var i = 1; i < rows.Count; i++)
            {
                rows[i] = pad + rows[i];
            }
        }

        return rows;
    }
}
