using Microsoft.Extensions.Configuration;
using OnlineChat.Backplane;
using StackExchange.Redis;

namespace OnlineChat.Gateway.Tests;

/// <summary>Backplane:SharedConnection: what each value sets up, and a value that is neither refused, naming it.</summary>
public sealed class BackplaneConnectionTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    public void Reads_the_setting(string? value, bool shared)
    {
        Assert.Equal(shared, From(value).Shared);
    }

    [Fact]
    public void A_value_that_is_not_true_or_false_is_refused_with_the_setting_and_the_value()
    {
        var error = Assert.Throws<InvalidOperationException>(() => From("yes please"));
        Assert.Equal("Backplane:SharedConnection must be true or false, not 'yes please'.", error.Message);
    }

    [Fact]
    public void Shared_asks_for_resp3_with_pub_sub_on_the_commands_connection_and_false_leaves_the_librarys_defaults()
    {
        var shared = new ConfigurationOptions();
        new BackplaneConnection(Shared: true).Apply(shared);
        Assert.Equal(RedisProtocol.Resp3, shared.Protocol);
        Assert.True(shared.SharedSubscriptionConnection);

        var separate = new ConfigurationOptions();
        new BackplaneConnection(Shared: false).Apply(separate);
        Assert.False(separate.SharedSubscriptionConnection);
    }

    [Fact]
    public void Relaying_is_back_with_the_connection_that_messages_arrive_on()
    {
        Assert.True(new BackplaneConnection(Shared: true).CarriesMessages(ConnectionType.Interactive));
        Assert.True(new BackplaneConnection(Shared: true).CarriesMessages(ConnectionType.Subscription));
        Assert.False(new BackplaneConnection(Shared: false).CarriesMessages(ConnectionType.Interactive));
        Assert.True(new BackplaneConnection(Shared: false).CarriesMessages(ConnectionType.Subscription));
    }

    private static BackplaneConnection From(string? value) => BackplaneConnection.From(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [BackplaneConnection.ConfigurationKey] = value }).Build());
}
