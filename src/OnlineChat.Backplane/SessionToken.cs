namespace OnlineChat.Backplane;

/// <summary>
/// Identifies one login: "{gatewayId}/{connectionId}". The directory stores it against the username, so a
/// late release from an old connection can never remove a newer login of the same name, and so that
/// anybody holding a user's token knows which gateway to send to.
/// </summary>
public static class SessionToken
{
    public static string Create(string gatewayId, string connectionId) => gatewayId + "/" + connectionId;

    public static string GatewayOf(string token)
    {
        var slash = token.IndexOf('/');
        return slash < 0 ? token : token[..slash];
    }

    /// <summary>The connection part: "" for a token without one.</summary>
    public static string ConnectionOf(string token)
    {
        var slash = token.IndexOf('/');
        return slash < 0 ? "" : token[(slash + 1)..];
    }
}
