using System.Diagnostics.Metrics;

namespace OnlineChat.Presence;

/// <summary>Counts of what the presence service did, plus gauges read from the directory when exported.</summary>
public sealed class PresenceMetrics
{
    public const string MeterName = "OnlineChat.Presence";

    private readonly Counter<long> _claims;
    private readonly Counter<long> _releases;
    private readonly Counter<long> _gatewaysExpired;

    public PresenceMetrics(IMeterFactory meterFactory, DirectoryGauges gauges)
    {
        var meter = meterFactory.Create(MeterName);
        _claims = meter.CreateCounter<long>("onlinechat.presence.logins", description: "Names claimed.");
        _releases = meter.CreateCounter<long>("onlinechat.presence.logouts", description: "Logins ended, cleanly or by gateway expiry.");
        _gatewaysExpired = meter.CreateCounter<long>("onlinechat.presence.gateways_expired", description: "Gateways whose lease ran out and whose users were cleaned up.");
        meter.CreateObservableGauge("onlinechat.presence.users_online", () => gauges.UsersOnline, description: "Users in the directory.");
        meter.CreateObservableGauge("onlinechat.presence.groups", () => gauges.Groups, description: "Groups in the directory.");
        meter.CreateObservableGauge("onlinechat.presence.gateways_live", () => gauges.LiveGateways, description: "Gateways holding a lease.");
    }

    public void UserClaimed() => _claims.Add(1);

    public void UserReleased() => _releases.Add(1);

    public void GatewayExpired() => _gatewaysExpired.Add(1);
}
