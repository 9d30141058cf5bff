namespace OnlineChat.Gateway.Tests;

/// <summary>Gateway settings that would misroute messages, drop users or disable a limit by accident are refused at start, saying which and why.</summary>
public sealed class GatewayOptionsTests
{
    [Fact]
    public void The_defaults_and_what_the_AppHost_and_tests_set_are_usable()
    {
        Assert.Empty(new GatewayOptions().Problems());
        Assert.Empty(new GatewayOptions { Port = 0, TlsPort = -1, MessagesPerSecond = 0, MaxConnections = 0, LeaseDuration = TimeSpan.FromSeconds(20), LeaseRenewInterval = TimeSpan.FromSeconds(6) }.Problems());
    }

    public static TheoryData<Action<GatewayOptions>, string> BadSettings => new()
    {
        { o => o.Port = 70000, "Gateway:Port must be 0 (a free port) to 65535, not 70000." },
        { o => o.TlsPort = -2, "Gateway:TlsPort must be 0 (no TLS port), -1 (a free port) or up to 65535, not -2." },
        { o => o.Id = "gw/1", "Gateway:Id must not contain '/'" },
        { o => o.MaxFrameBytes = 10, "Gateway:MaxFrameBytes must be 256 to 1048576, not 10." },
        { o => o.OutboundQueueBytes = 100, "Gateway:OutboundQueueBytes must hold at least one frame" },
        { o => o.HandshakeTimeout = TimeSpan.Zero, "Gateway:HandshakeTimeout must be longer than zero" },
        { o => o.DeadConnectionTimeout = TimeSpan.FromSeconds(1), "Gateway:DeadConnectionTimeout must be 0 (the system's TCP settings) or from 10 seconds to 2 hours, not 00:00:01." },
        { o => o.SeedHandshakePause = TimeSpan.FromSeconds(2), "Gateway:SeedHandshakePause must be from 0 to 1 second" },
        { o => o.LeaseRenewInterval = TimeSpan.FromSeconds(4), "Gateway:LeaseRenewInterval must be longer than zero and at most half of Gateway:LeaseDuration (00:00:06)" },
        { o => o.LeaseDuration = TimeSpan.Zero, "at most half of Gateway:LeaseDuration (00:00:00)" },
        { o => o.MaxConnections = -1, "Gateway:MaxConnections must be 0 (no limit) or more, not -1." },
        { o => o.MessagesPerSecond = double.NaN, "Gateway:MessagesPerSecond must be 0 (no limit) or more, not NaN." },
        { o => o.MessageBurst = 0, "Gateway:MessageBurst must be 1 or more, not 0." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_with_its_value(Action<GatewayOptions> spoil, string expected)
        => Assert.Contains(expected, SettingsProblems.Of(spoil), StringComparison.Ordinal);

    [Fact]
    public async Task A_gateway_with_a_bad_setting_does_not_start_and_says_why()
        => Assert.Contains("Gateway:Id must not contain '/'", await SettingsProblems.GatewayStartRefusalAsync("--Gateway:Id=gw/1"));
}
