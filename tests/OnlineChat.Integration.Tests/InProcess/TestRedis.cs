namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>The Redis a <see cref="ChatCluster"/> runs on: one redis-server, or a Redis Cluster of several.</summary>
public interface ITestRedis : IAsyncDisposable
{
    string ConnectionString { get; }

    /// <summary>What every key and channel starts with; on a cluster it carries a hash tag ("{…}").</summary>
    string KeyPrefix { get; }

    /// <summary>Backplane:PubSub for the services: "classic", or "sharded" as the AppHost sets on a cluster.</summary>
    string PubSub => "classic";

    /// <summary>Stops Redis as a crash would (all of it).</summary>
    Task StopAsync();

    /// <summary>Starts it again on the same port(s).</summary>
    Task StartAgainAsync();
}
