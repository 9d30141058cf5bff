using OnlineChat.Protocol;

namespace OnlineChat.Protocol.Tests;

public class ChatCommandParserTests
{
    public static TheoryData<string, ChatCommand> Commands => new()
    {
        { "hello :)", new BroadcastMessage("hello :)") },
        { "hello :)\n", new BroadcastMessage("hello :)") },
        { "hello :)\r\n", new BroadcastMessage("hello :)") },
        { "/help", new Help() },
        { "/HELP", new Help() },
        { "/pm bones nm wby", new PrivateMessage("bones", "nm wby") },
        { "/pm   bones   spaced  out  ", new PrivateMessage("bones", "spaced  out") },
        { "/gc Awesome welcome to the group", new GroupMessage("Awesome", "welcome to the group") },
        { "/cg Awesome", new CreateGroup("Awesome") },
        { "/jg Awesome", new JoinGroup("Awesome") },
        { "/lg Awesome\n", new LeaveGroup("Awesome") },
        { "/listg", new ListMyGroups() },
        { "/listallg", new ListAllGroups() },
        { "/listallg  math ", new ListAllGroups("math") },
        { "/lo", new ListOnline() },
        { "/lo an", new ListOnline("an") },
        { "/quit", new Quit() },
        { "/register correct horse", new Register("correct horse") },
        { "/login teacher  correct horse battery ", new LogIn("teacher", "correct horse battery") },
        { "/logout", new LogOut() },
        { "/password  a new one, spaces kept ", new ChangePassword("a new one, spaces kept") },
        { "/resetpassword ann temporary pass", new ResetPassword("ann", "temporary pass") },
        { "/private Club", new MakePrivate("Club") },
        { "/public Club", new MakePublic("Club") },
        { "/members Club", new ListMembers("Club") },
        { "/invite ann Club", new Invite("ann", "Club") },
        { "/kick ann Club", new Kick("ann", "Club") },
        { "/mutes", new ListMutes() },
        { "", new EmptyLine() },
        { "\n", new EmptyLine() },
        { "   ", new EmptyLine() },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Parses_every_command(string line, ChatCommand expected) => Assert.Equal(expected, ChatCommandParser.Parse(line));

    [Theory]
    [InlineData("/register short")]
    [InlineData("/login teacher short")]
    [InlineData("/resetpassword ann short")]
    public void Refuses_a_password_against_the_rules_before_it_travels(string line) =>
        Assert.Equal(new InvalidInput(Passwords.Validate("short")!), ChatCommandParser.Parse(line));

    // The gateway checks it, after whether the user has an account at all: a guest is told it has none.
    [Fact]
    public void Leaves_a_new_passwords_rules_to_the_gateway() =>
        Assert.Equal(new ChangePassword("short"), ChatCommandParser.Parse("/password short"));

    [Theory]
    [InlineData("/login teacher hunter22hunter22")]
    [InlineData("/password hunter22hunter22")]
    [InlineData("/resetpassword ann hunter22hunter22")]
    public void A_password_never_shows_in_a_commands_text(string line) =>
        Assert.DoesNotContain("hunter22", ChatCommandParser.Parse(line).ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("/register", ChatText.Usage.Register)]
    [InlineData("/login teacher", ChatText.Usage.LogIn)]
    [InlineData("/password", ChatText.Usage.ChangePassword)]
    [InlineData("/resetpassword ann", ChatText.Usage.ResetPassword)]
    [InlineData("/logout now", ChatText.Usage.LogOut)]
    [InlineData("/invite ann", ChatText.Usage.Invite)]
    [InlineData("/kick ann Club extra", ChatText.Usage.Kick)]
    [InlineData("/members", ChatText.Usage.ListMembers)]
    [InlineData("/pm", ChatText.Usage.PrivateMessage)]
    [InlineData("/pm bones", ChatText.Usage.PrivateMessage)]
    [InlineData("/pm bones   ", ChatText.Usage.PrivateMessage)]
    [InlineData("/gc", ChatText.Usage.GroupMessage)]
    [InlineData("/gc Awesome", ChatText.Usage.GroupMessage)]
    [InlineData("/cg", ChatText.Usage.CreateGroup)]
    [InlineData("/cg two words", ChatText.Usage.CreateGroup)]
    [InlineData("/jg", ChatText.Usage.JoinGroup)]
    [InlineData("/lg", ChatText.Usage.LeaveGroup)]
    [InlineData("/help me", ChatText.Usage.Help)]
    [InlineData("/listg now", ChatText.Usage.ListMyGroups)]
    [InlineData("/listallg x y", ChatText.Usage.ListAllGroups)]
    [InlineData("/lo x y", ChatText.Usage.ListOnline)]
    [InlineData("/quit now", ChatText.Usage.Quit)]
    [InlineData("/mutes ann", ChatText.Usage.ListMutes)]
    public void Missing_or_extra_arguments_give_the_usage_line(string line, string usage) =>
        Assert.Equal(new UsageError(usage), ChatCommandParser.Parse(line));

    [Theory]
    [InlineData("/nope", "nope")]
    [InlineData("/", "")]
    [InlineData("/PMx bones hi", "PMx")]
    public void Unknown_commands_are_named(string line, string name) =>
        Assert.Equal(new UnknownCommand(name), ChatCommandParser.Parse(line));

    [Theory]
    [InlineData("/cg bad/name")]
    [InlineData("/jg a,b")]
    [InlineData("/cg all")]
    public void Bad_group_names_are_refused_with_a_reason(string line) =>
        Assert.IsType<InvalidInput>(ChatCommandParser.Parse(line));

    [Theory]
    [InlineData("hi\u0007there")]
    [InlineData("two\nlines")]
    [InlineData("esc\u001b[2J")]
    public void Control_characters_are_refused(string line) =>
        Assert.IsType<InvalidInput>(ChatCommandParser.Parse(line));

    [Fact]
    public void A_tab_is_ordinary_text() =>
        Assert.Equal(new BroadcastMessage("a\tb"), ChatCommandParser.Parse("a\tb"));
}
