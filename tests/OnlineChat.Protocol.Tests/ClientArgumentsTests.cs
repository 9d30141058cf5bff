using OnlineChat.Client;

namespace OnlineChat.Protocol.Tests;

public class ClientArgumentsTests
{
    private static string[] Gateways(ClientArguments? arguments) => [.. arguments!.Gateways.Select(g => g.ToString())];

    [Fact]
    public void Defaults_to_the_three_local_gateways_seed_port_first()
    {
        var arguments = ClientArguments.TryParse(["flowers"], out _);
        Assert.Equal("flowers", arguments!.Username);
        Assert.Equal(["localhost:8888", "localhost:8889", "localhost:8890"], Gateways(arguments));
    }

    [Fact]
    public void Takes_host_and_port_in_any_order_and_a_port_names_one_gateway() =>
        Assert.Equal(["10.0.0.5:8890"], Gateways(ClientArguments.TryParse(["--port", "8890", "bones", "--host", "10.0.0.5"], out _)));

    [Fact]
    public void Takes_a_list_of_gateways_where_a_bare_port_means_the_host() =>
        Assert.Equal(["a.example:1", "h:2"], Gateways(ClientArguments.TryParse(["x", "--host", "h", "--gateways", "a.example:1, 2"], out _)));

    [Fact]
    public void A_bare_port_without_host_means_localhost() =>
        Assert.Equal(["localhost:8889"], Gateways(ClientArguments.TryParse(["x", "--gateways", "8889"], out _)));

    [Fact]
    public void A_pinned_fingerprint_means_tls_and_may_be_written_with_colons_and_tls_defaults_to_the_tls_ports()
    {
        var colons = string.Join(':', Enumerable.Repeat("ab", 32));
        var pinned = ClientArguments.TryParse(["t", "--port", "8988", "--fingerprint", colons], out _)!;
        Assert.Equal((true, string.Concat(Enumerable.Repeat("AB", 32))), (pinned.Tls, pinned.Fingerprint));
        Assert.Equal(["localhost:8988"], Gateways(pinned));
        Assert.Equal(["localhost:8988", "localhost:8989", "localhost:8990"], Gateways(ClientArguments.TryParse(["t", "--tls"], out _)));
    }

    [Fact]
    public void Plain_lines_only_when_asked()
    {
        Assert.False(ClientArguments.TryParse(["ann"], out _)!.Plain);
        Assert.True(ClientArguments.TryParse(["ann", "--plain"], out _)!.Plain);
    }

    [Theory]
    [InlineData(new[] { "a", "--fingerprint", "12:34" }, "64 hexadecimal digits")]
    [InlineData(new string[0], "username is required")]
    [InlineData(new[] { "a", "--port", "x" }, "Port must be")]
    [InlineData(new[] { "a", "--port", "70000" }, "Port must be")]
    [InlineData(new[] { "a", "--verbose" }, "Unrecognized command or argument '--verbose'")]
    [InlineData(new[] { "a", "b" }, "Unrecognized command or argument 'b'")]
    [InlineData(new[] { "a", "--port" }, "Required argument missing for option: '--port'")]
    [InlineData(new[] { "a", "--gateways", "h:x" }, "host:port")]
    [InlineData(new[] { "a", "--gateways", "," }, "at least one")]
    [InlineData(new[] { "a", "--port", "1", "--gateways", "h:2" }, "either")]
    public void Explains_bad_arguments(string[] args, string error)
    {
        Assert.Null(ClientArguments.TryParse(args, out var message));
        Assert.Contains(error, message);
    }
}
