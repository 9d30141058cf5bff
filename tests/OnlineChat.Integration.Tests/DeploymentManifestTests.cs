using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OnlineChat.Integration.Tests;

/// <summary>
/// The deployment manifest the AppHost writes with "--publisher manifest" (docs/operations.md, "Deploying on
/// several machines"): the whole system, with what belongs to this machine asked for as parameters.
/// </summary>
public sealed partial class DeploymentManifestTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onlinechat-manifest-").FullName;
    private JsonObject _resources = null!;
    private string _text = "";

    public async Task InitializeAsync()
    {
        _text = await PublishAsync("aspire-manifest.json");
        _resources = JsonNode.Parse(_text)!["resources"]!.AsObject();
    }

    /// <summary>The AppHost as built beside the tests, run as an operator would publish it; returns the manifest's text.</summary>
    private async Task<string> PublishAsync(string fileName, params string[] settings)
    {
        var output = Path.Combine(_folder, fileName);
        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(3), ["--publisher", "manifest", "--output-path", output, .. settings]);
        Assert.True(run.ExitCode == 0, $"publishing failed ({run.ExitCode}):\n{run.Output}\n{run.Error}");
        return await File.ReadAllTextAsync(output);
    }

    [Fact]
    public async Task Settings_for_a_Redis_Cluster_given_at_publish_time_reach_presence_and_every_gateway()
    {
        // Without them the services keep their defaults (the "oc:" prefix, classic pub/sub, one shared connection).
        Assert.All(new[] { "presence", "chat-gateway-1" }, name =>
        {
            Assert.Null(_resources[name]!["env"]!["Backplane__KeyPrefix"]);
            Assert.Null(_resources[name]!["env"]!["Backplane__PubSub"]);
            Assert.Null(_resources[name]!["env"]!["Backplane__SharedConnection"]);
        });

        var resources = JsonNode.Parse(await PublishAsync("cluster-manifest.json", "--Backplane:KeyPrefix={oc}:", "--Backplane:PubSub=sharded", "--Backplane:SharedConnection=false"))!["resources"]!;
        foreach (var name in new[] { "presence", "chat-gateway-1", "chat-gateway-2", "chat-gateway-3" })
        {
            Assert.Equal("{oc}:", (string?)resources[name]!["env"]!["Backplane__KeyPrefix"]);
            Assert.Equal("sharded", (string?)resources[name]!["env"]!["Backplane__PubSub"]);
            Assert.Equal("false", (string?)resources[name]!["env"]!["Backplane__SharedConnection"]);
        }
    }

    [Fact]
    public async Task History_settings_given_to_the_AppHost_reach_presence_and_every_gateway()
    {
        Assert.Null(_resources["chat-gateway-1"]!["env"]!["History__MessagesPerConversation"]);

        var resources = JsonNode.Parse(await PublishAsync("history-manifest.json", "--History:MessagesPerConversation=0", "--History:MaxAge=1.00:00:00"))!["resources"]!;
        foreach (var name in new[] { "presence", "chat-gateway-1", "chat-gateway-2", "chat-gateway-3" })
        {
            Assert.Equal("0", (string?)resources[name]!["env"]!["History__MessagesPerConversation"]);
            Assert.Equal("1.00:00:00", (string?)resources[name]!["env"]!["History__MaxAge"]);
        }
    }

    [Fact]
    public void Holds_presence_and_three_gateways_as_projects_and_asks_for_redis_the_deployment_id_and_the_certificate()
    {
        var types = _resources.ToDictionary(r => r.Key, r => (string)r.Value!["type"]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["redis"] = "parameter.v0",
            ["deployment-id"] = "parameter.v0",
            ["gateway-tls-certificate-path"] = "parameter.v0",
            ["presence"] = "project.v0",
            ["chat-gateway-1"] = "project.v0",
            ["chat-gateway-2"] = "project.v0",
            ["chat-gateway-3"] = "project.v0",
        }, types);

        // Redis is the deployer's (a managed Redis or a cluster): a secret connection string, no local redis-server.
        Assert.Equal("{redis.value}", (string?)_resources["redis"]!["connectionString"]);
        Assert.True((bool)_resources["redis"]!["inputs"]!["value"]!["secret"]!);
    }

    [Fact]
    public void Every_gateway_is_wired_to_redis_presence_and_the_deployment_on_its_documented_ports()
    {
        for (var n = 1; n <= 3; n++)
        {
            var gateway = _resources[$"chat-gateway-{n}"]!;
            var env = gateway["env"]!;
            Assert.Equal("{redis.connectionString}", (string?)env["ConnectionStrings__redis"]);
            Assert.Equal("{presence.bindings.http.url}", (string?)env["services__presence__http__0"]);
            Assert.Equal("{deployment-id.value}", (string?)env["Deployment__Id"]);
            Assert.Equal("{gateway-tls-certificate-path.value}", (string?)env["Gateway__TlsCertificatePath"]);
            // Each gateway has a machine of its own there: no share of this machine's cores.
            Assert.Null(env["Gateway__WorkerThreads"]);
            Assert.Equal(8887 + n, (int)gateway["bindings"]!["chat"]!["targetPort"]!);
            Assert.Equal(8987 + n, (int)gateway["bindings"]!["chat-tls"]!["targetPort"]!);
        }

        Assert.Equal("{deployment-id.value}", (string?)_resources["presence"]!["env"]!["Deployment__Id"]);
        Assert.Equal("{redis.connectionString}", (string?)_resources["presence"]!["env"]!["ConnectionStrings__redis"]);
    }

    [Fact]
    public void Refers_only_to_its_own_resources_and_to_nothing_of_this_machine()
    {
        foreach (Match reference in Placeholder().Matches(_text))
        {
            Assert.True(_resources.ContainsKey(reference.Groups["resource"].Value), $"{reference.Value} names no resource of the manifest");
        }

        Assert.DoesNotContain(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", _text);
        Assert.DoesNotContain("onlinechat/8888", _text); // the local data folder
        Assert.DoesNotContain("redis-server", _text);
    }

    [GeneratedRegex(@"\{(?<resource>[a-z0-9-]+)\.[a-zA-Z.]+\}")]
    private static partial Regex Placeholder();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
