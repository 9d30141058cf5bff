namespace OnlineChat.Protocol;

/// <summary>Parses one client line into a <see cref="ChatCommand"/>. Never throws on any input.</summary>
public static class ChatCommandParser
{
    public static ChatCommand Parse(string frameText)
    {
        // The seed's client sends the line with its newline; it is not part of the message.
        var line = frameText.TrimEnd('\r', '\n');
        if (string.IsNullOrWhiteSpace(line))
        {
            return new EmptyLine();
        }

        if (ContainsControlCharacter(line))
        {
            return new InvalidInput("Messages must be one line of text without control characters.");
        }

        if (line[0] != '/')
        {
            return new BroadcastMessage(line);
        }

        var (word, rest) = SplitFirstWord(line[1..]);
        switch (word.ToLowerInvariant())
        {
            case "help": return NoArguments(rest, new Help(), ChatText.Usage.Help);
            case "quit": return NoArguments(rest, new Quit(), ChatText.Usage.Quit);
            case "listg": return NoArguments(rest, new ListMyGroups(), ChatText.Usage.ListMyGroups);
            case "listallg": return OptionalWord(rest, ChatText.Usage.ListAllGroups, text => new ListAllGroups(text));
            case "lo": return OptionalWord(rest, ChatText.Usage.ListOnline, text => new ListOnline(text));
            case "pm": return NameAndText(rest, ChatText.Usage.PrivateMessage, (to, text) => new PrivateMessage(to, text));
            case "gc": return NameAndText(rest, ChatText.Usage.GroupMessage, (group, text) => new GroupMessage(group, text));
            case "cg": return GroupName(rest, ChatText.Usage.CreateGroup, group => new CreateGroup(group));
            case "jg": return GroupName(rest, ChatText.Usage.JoinGroup, group => new JoinGroup(group));
            case "lg": return GroupName(rest, ChatText.Usage.LeaveGroup, group => new LeaveGroup(group));
            case "mute": return MuteCommand(rest);
            case "unmute": return UserName(rest, ChatText.Usage.Unmute, user => new Unmute(user));
            case "mutes": return NoArguments(rest, new ListMutes(), ChatText.Usage.ListMutes);
            case "private": return GroupName(rest, ChatText.Usage.MakePrivate, group => new MakePrivate(group));
            case "public": return GroupName(rest, ChatText.Usage.MakePublic, group => new MakePublic(group));
            case "members": return GroupName(rest, ChatText.Usage.ListMembers, group => new ListMembers(group));
            case "invite": return UserAndGroup(rest, ChatText.Usage.Invite, (user, group) => new Invite(user, group));
            case "kick": return UserAndGroup(rest, ChatText.Usage.Kick, (user, group) => new Kick(user, group));
            case "register": return rest.Length == 0 ? new UsageError(ChatText.Usage.Register) : Password(rest, password => new Register(password));
            case "login": return NameAndText(rest, ChatText.Usage.LogIn, (name, password) => Password(password, p => new LogIn(name, p)));
            // Not checked here: a guest is told it has no password to change before any rule of passwords (the gateway checks it).
            case "password": return rest.Length == 0 ? new UsageError(ChatText.Usage.ChangePassword) : new ChangePassword(rest);
            case "resetpassword": return NameAndText(rest, ChatText.Usage.ResetPassword, (name, password) => Password(password, p => new ResetPassword(name, p)));
            case "logout": return NoArguments(rest, new LogOut(), ChatText.Usage.LogOut);
            case "history": return HistoryCommand(rest);
            default: return new UnknownCommand(word);
        }
    }

    private static ChatCommand NoArguments(string rest, ChatCommand command, string usage) =>
        rest.Length == 0 ? command : new UsageError(usage);

    /// <summary>A command with nothing or one word after it (names have no spaces, so neither has a filter of them).</summary>
    private static ChatCommand OptionalWord(string rest, string usage, Func<string?, ChatCommand> create)
    {
        var (word, extra) = SplitFirstWord(rest);
        return extra.Length != 0 ? new UsageError(usage) : create(word.Length == 0 ? null : word);
    }

    private static ChatCommand NameAndText(string rest, string usage, Func<string, string, ChatCommand> create)
    {
        var (name, text) = SplitFirstWord(rest);
        return name.Length == 0 || text.Length == 0 ? new UsageError(usage) : create(name, text);
    }

    /// <summary>/mute &lt;user&gt; &lt;minutes&gt;: whole minutes, from 1 to a week.</summary>
    private static ChatCommand MuteCommand(string rest)
    {
        var (user, tail) = SplitFirstWord(rest);
        var (minutes, extra) = SplitFirstWord(tail);
        if (user.Length == 0 || minutes.Length == 0 || extra.Length != 0)
        {
            return new UsageError(ChatText.Usage.Mute);
        }

        if (!int.TryParse(minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > ChatText.MaxMuteMinutes)
        {
            return new InvalidInput($"Minutes must be a whole number from 1 to {ChatText.MaxMuteMinutes}.");
        }

        return ChatNames.Validate(user, ChatNames.Kind.User) is { } bad ? new InvalidInput(bad) : new Mute(user, count);
    }

    /// <summary>/history [&lt;group&gt;|&lt;user&gt;|#&lt;group&gt;|@&lt;user&gt;] [n]: a lone number is the count for the room.</summary>
    private static ChatCommand HistoryCommand(string rest)
    {
        var words = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 2)
        {
            return new UsageError(ChatText.Usage.History);
        }

        string? target = null;
        var scope = HistoryScope.Either;
        var count = ShowHistory.DefaultCount;
        var countWord = words.Length == 2 ? words[1] : words.Length == 1 && words[0].All(char.IsAsciiDigit) ? words[0] : null;
        if (words.Length >= 1 && !ReferenceEquals(countWord, words[0]))
        {
            // Neither mark can begin a name (ChatNames), so "#x" and "@x" are never a name themselves.
            (target, scope) = words[0][0] switch
            {
                '#' => (words[0][1..], HistoryScope.Group),
                '@' => (words[0][1..], HistoryScope.User),
                _ => (words[0], HistoryScope.Either),
            };
            if (ChatNames.Validate(target, scope == HistoryScope.User ? ChatNames.Kind.User : ChatNames.Kind.Group) is { } bad)
            {
                return new InvalidInput(bad);
            }
        }

        if (countWord is not null
            && (!int.TryParse(countWord, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count)
                || count is < 1 or > ShowHistory.MaxCount))
        {
            return new InvalidInput($"The number of messages must be a whole number from 1 to {ShowHistory.MaxCount}.");
        }

        return new ShowHistory(target, count, scope);
    }

    private static ChatCommand UserName(string rest, string usage, Func<string, ChatCommand> create)
    {
        var (user, extra) = SplitFirstWord(rest);
        if (user.Length == 0 || extra.Length != 0)
        {
            return new UsageError(usage);
        }

        return ChatNames.Validate(user, ChatNames.Kind.User) is { } bad ? new InvalidInput(bad) : create(user);
    }

    private static ChatCommand UserAndGroup(string rest, string usage, Func<string, string, ChatCommand> create)
    {
        var (user, tail) = SplitFirstWord(rest);
        var (group, extra) = SplitFirstWord(tail);
        if (user.Length == 0 || group.Length == 0 || extra.Length != 0)
        {
            return new UsageError(usage);
        }

        return ChatNames.Validate(user, ChatNames.Kind.User) is { } badUser ? new InvalidInput(badUser)
            : ChatNames.Validate(group, ChatNames.Kind.Group) is { } badGroup ? new InvalidInput(badGroup)
            : create(user, group);
    }

    private static ChatCommand Password(string password, Func<string, ChatCommand> create) =>
        Passwords.Validate(password) is { } reason ? new InvalidInput(reason) : create(password);

    private static ChatCommand GroupName(string rest, string usage, Func<string, ChatCommand> create)
    {
        var (name, extra) = SplitFirstWord(rest);
        if (name.Length == 0 || extra.Length != 0)
        {
            return new UsageError(usage);
        }

        return ChatNames.Validate(name, ChatNames.Kind.Group) is { } reason ? new InvalidInput(reason) : create(name);
    }

    /// <summary>Splits at the first run of whitespace; both parts come back without surrounding whitespace.</summary>
    private static (string Word, string Remainder) SplitFirstWord(string text)
    {
        var trimmed = text.TrimStart();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        return (trimmed[..end], trimmed[end..].Trim());
    }

    private static bool ContainsControlCharacter(string line)
    {
        foreach (var c in line)
        {
            if (char.IsControl(c) && c != '\t')
            {
                return true;
            }
        }

        return false;
    }
}
