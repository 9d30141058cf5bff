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

    [Fact]
    public void A_pinned_fingerprint_means_tls_and_may_be_written_with_colons()
    {
        var colons = string.Join(':', Enumerable.Repeat("ab", 32));
        Assert.Equal(new ClientArguments("t", "localhost", 8988, Tls: true, Fingerprint: new string('A', 0) + string.Concat(Enumerable.Repeat("AB", 32))),
            ClientArguments.TryParse(["t", "--port", "8988", "--fingerprint", colons], out _));
        Assert.Equal(new ClientArguments("t", "localhost", 8888, Tls: true), ClientArguments.TryParse(["t", "--tls"], out _));
    }

    [Theory]
    [InlineData(new[] { "a", "--fingerprint", "12:34" }, "64 hexadecimal digits")]
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
