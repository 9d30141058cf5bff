namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// A cable pulled, for one connection: an nftables rule that drops every packet from one local TCP port, so
/// that end goes silent without closing (a laptop shut, Wi-Fi gone). Removed again on dispose. Needs nft and
/// the right to change the ruleset (root); <see cref="TryDropFrom"/> says why not where it cannot.
/// </summary>
internal sealed class Firewall : IDisposable
{
    private readonly string _table;

    private Firewall(string table) => _table = table;

    /// <summary>The rule in place, or null and the reason it could not be put there.</summary>
    public static (Firewall? Rule, string? Reason) TryDropFrom(int port)
    {
        var table = $"onlinechat_test_{Guid.NewGuid():N}";
        var (exitCode, output) = CommandLine.Run("nft", "add", "table", "inet", table);
        if (exitCode != 0)
        {
            return (null, exitCode == -1 ? $"nft (nftables) is not installed: {output}" : $"nft cannot change the ruleset here: {output.Trim()}");
        }

        var rule = new Firewall(table);
        foreach (var args in new[]
        {
            new[] { "add", "chain", "inet", table, "input", "{", "type", "filter", "hook", "input", "priority", "0", ";", "}" },
            ["add", "rule", "inet", table, "input", "tcp", "sport", port.ToString(), "drop"],
        })
        {
            (exitCode, output) = CommandLine.Run("nft", args);
            if (exitCode != 0)
            {
                rule.Dispose();
                return (null, $"nft {string.Join(' ', args)}: {output.Trim()}");
            }
        }

        return (rule, null);
    }

    public void Dispose() => CommandLine.Run("nft", "delete", "table", "inet", _table);
}
