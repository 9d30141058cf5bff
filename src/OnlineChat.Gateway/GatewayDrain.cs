using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Takes a gateway out of service without a restart: new clients are refused with a pointer elsewhere and
/// connected ones are told to move and logged out cleanly. <see cref="Resume"/> undoes it.
/// </summary>
public sealed class GatewayDrain(
    ConnectionAdmission admission,
    SessionRegistry registry,
    GatewayIdentity identity,
    ILogger<GatewayDrain> logger)
{
    public bool IsDraining => admission.IsDraining;

    /// <summary>Returns how many users were told to move.</summary>
    public int Drain()
    {
        admission.StartDraining();
        var told = registry.TellAll(ChatText.Draining, thenClose: true);
        GatewayLog.Draining(logger, identity.Id, told);
        return told;
    }

    public void Resume()
    {
        admission.StopDraining();
        GatewayLog.Resumed(logger, identity.Id);
    }
}
