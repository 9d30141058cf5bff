using System.Text.RegularExpressions;

namespace OnlineChat.Client.Conversations;

/// <summary>
/// The user and group names the client has seen (senders, /lo, /listg, /listallg, /members, group events),
/// for tab completion. Kept in the case the server spelled them.
/// </summary>
public sealed partial class KnownNames
{
    private readonly SortedSet<string> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _groups = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Users => _users;

    public IReadOnlyCollection<string> Groups => _groups;

    public void AddUser(string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            _users.Add(name);
        }
    }

    public void AddGroup(string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            _groups.Add(name);
        }
    }

    /// <summary>Learns names from a placed line: its sender, and its group.</summary>
    public void Learn(PlacedLine line)
    {
        AddUser(line.Sender);
        AddGroup(line.Group);
        if (line.Conversation.Kind == ConversationKind.Group)
        {
            AddGroup(line.Conversation.Name);
        }
    }

    /// <summary>Learns names from a reply to a listing command.</summary>
    public void LearnFromReply(string reply)
    {
        foreach (var line in reply.Split('\n'))
        {
            if (Listing().Match(line) is { Success: true } listing)
            {
                var names = listing.Groups["names"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)
                    .Select(n => n.Replace(" (owner)", "", StringComparison.Ordinal));
                foreach (var name in names)
                {
                    if (listing.Groups["what"].Value == "Your groups")
                    {
                        AddGroup(name);
                    }
                    else
                    {
                        AddUser(name);
                    }
                }
            }
            else if (GroupLine().Match(line) is { Success: true } group)
            {
                AddGroup(group.Groups["group"].Value);
                AddUser(group.Groups["owner"].Value);
            }
        }
    }

    // "Online: a, b", "Your groups: a, b", "Members of maths: ann (owner), bob"; a long or narrowed /lo says so
    // before its colon: "Online with "ma" in their name (the first 1,000 of 1,234; narrow it with /lo <text>): a, b".
    [GeneratedRegex(@"^(?<what>Online|Your groups|Members of \S+)(?: with ""[^""]*"" in their name)?(?: \(the first [^)]*\))?: (?<names>.+)$")]
    private static partial Regex Listing();

    // "  maths (owner ann, 3 members)" in /listallg.
    [GeneratedRegex(@"^  (?<group>\S+) \(owner (?<owner>\S+), ")]
    private static partial Regex GroupLine();
}
