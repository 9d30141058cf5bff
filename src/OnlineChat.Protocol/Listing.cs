namespace OnlineChat.Protocol;

/// <summary>
/// What a listing (/lo, /listallg) shows: the items whose name contains the text asked for (any case), at
/// most so many of them, in the order given, and how many matched. Nobody reads 20,000 names, and an answer
/// that size is one frame of megabytes: the answer says how many it left out and how to narrow it.
/// </summary>
public sealed record Listing<T>(IReadOnlyList<T> Shown, int Total, string? Containing)
{
    /// <summary>Whether more matched than are shown.</summary>
    public bool Cut => Shown.Count < Total;

    /// <param name="containing">Only names containing this (null: all).</param>
    /// <param name="max">The most items shown.</param>
    public static Listing<T> Of(IEnumerable<T> items, Func<T, string> name, string? containing, int max)
    {
        var matching = containing is null
            ? items.ToList()
            : items.Where(item => name(item).Contains(containing, StringComparison.OrdinalIgnoreCase)).ToList();
        return new Listing<T>(matching.Count > max ? matching.GetRange(0, max) : matching, matching.Count, containing);
    }
}
