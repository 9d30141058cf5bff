using OnlineChat.Backplane;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// Frames larger than 16 KiB would let a page of the log pass the output limit Redis puts on a connection
/// that holds subscriptions: refused at start while the connection is shared, allowed on two connections.
/// </summary>
public sealed class SharedConnectionFrameLimitTests
{
    [Theory]
    [InlineData(true, 8192, true)]
    [InlineData(true, SharedConnectionFrameLimit.LargestFrameBytes, true)]
    [InlineData(true, SharedConnectionFrameLimit.LargestFrameBytes + 1, false)]
    [InlineData(false, 1024 * 1024, true)]
    public void Frames_up_to_16_KiB_on_a_shared_connection_and_up_to_the_usual_limit_on_two(bool shared, int maxFrameBytes, bool usable)
    {
        var result = new SharedConnectionFrameLimit(new BackplaneConnection(shared)).Validate(null, new GatewayOptions { MaxFrameBytes = maxFrameBytes });
        Assert.Equal(usable, result.Succeeded);
    }

    [Fact]
    public async Task A_gateway_given_larger_frames_on_the_shared_connection_does_not_start_and_names_both_settings()
    {
        var refusal = await SettingsProblems.GatewayStartRefusalAsync("--Gateway:MaxFrameBytes=65536");
        Assert.Contains("Gateway:MaxFrameBytes is 65536, over the 16384 that Backplane:SharedConnection=true allows", refusal);
        Assert.Contains("set Backplane:SharedConnection=false on every service", refusal);
    }
}
