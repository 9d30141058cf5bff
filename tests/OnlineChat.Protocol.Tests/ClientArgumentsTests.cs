using OnlineChat.Client;

namespace OnlineChat.Protocol.Tests;

public class ClientArgumentsTests
{
    [Fact]
    public void Defaults_to_the_seed_port_on_localhost() =>
        Assert.Equal(new ClientArguments("flowers", "localhost", 8888), ClientArguments.TryParse(["flowers"], out _));

    [Fact]
    public void Takes_host_and_port_in_any_order() =>
        Assert.Equal(new ClientArguments("bones", "10.0.0.5", 8890), ClientArguments.TryParse(["--port", "8890", "bones", "--host", "10.0.0.5"], out _));

    [Theory]
    [InlineData(new string[0], "username is required")]
    [InlineData(new[] { "a", "--port", "x" }, "Port must be")]
    [InlineData(new[] { "a", "--port", "70000" }, "Port must be")]
    [InlineData(new[] { "a", "--verbose" }, "Unknown")]
    [InlineData(new[] { "a", "b" }, "Unexpected")]
    public void Explains_bad_arguments(string[] args, string error)
    {
        Assert.Null(ClientArguments.TryParse(args, out var message));
        Assert.Contains(error, message);
    }
}
