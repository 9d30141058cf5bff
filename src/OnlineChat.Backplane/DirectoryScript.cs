using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace OnlineChat.Backplane;

/// <summary>
/// One Lua script of the directory, read from its own file under Scripts/ (embedded in this assembly). A
/// script whose first line is <c>-- uses: helpers</c> gets Scripts/helpers.lua in front of it. Called by its
/// SHA1 (EVALSHA), worked out once here, so a call costs the arguments, not the script: StackExchange.Redis's
/// own cache, given the text, looks its SHA1 up by the whole text on every call (a hash over several KB:
/// 2.5 % of a gateway's CPU samples at 2,000 PMs/s). A Redis that does not have the script (restarted,
/// SCRIPT FLUSH, a new cluster node) answers NOSCRIPT, and the call is made once more with the text, which
/// loads it.
/// </summary>
public sealed class DirectoryScript
{
    private const string UsesHelpers = "-- uses: helpers";

    private readonly byte[] _sha1;

    private DirectoryScript(string name, string text)
    {
        Name = name;
        Text = text;
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The file's name without .lua.</summary>
    public string Name { get; }

    /// <summary>What is sent to Redis: the file, after the helpers when it uses them.</summary>
    public string Text { get; }

    public static DirectoryScript Load(string name)
    {
        var text = ReadResource(name);
        if (text.StartsWith(UsesHelpers, StringComparison.Ordinal))
        {
            text = ReadResource("helpers") + "\n" + text;
        }

        return new DirectoryScript(name, text);
    }

    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        var routed = Routed(keys, args);
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, routed, args);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            return await db.ScriptEvaluateAsync(Text, routed, args);
        }
    }

    public RedisResult Evaluate(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        var routed = Routed(keys, args);
        try
        {
            return db.ScriptEvaluate(_sha1, routed, args);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            return db.ScriptEvaluate(Text, routed, args);
        }
    }

    private static bool IsNoScript(RedisServerException ex) => ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    /// <summary>
    /// The keys to send with a call. Most scripts build their keys from the prefix they get as ARGV[1]; on a
    /// Redis Cluster a call goes to the node of its first key, so such a call names the prefix itself as
    /// its key (never read or written). With a hash tag in the prefix ("{oc}:", docs/operations.md, "Redis
    /// Cluster") every key the scripts build is in that same slot, as a script on a cluster needs.
    /// </summary>
    private static RedisKey[] Routed(RedisKey[] keys, RedisValue[] args) =>
        keys.Length == 0 && args.Length > 0 ? [(string?)args[0]] : keys;

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"OnlineChat.Backplane.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"No script Scripts/{name}.lua in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
