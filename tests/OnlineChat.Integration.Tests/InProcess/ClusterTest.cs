namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>A test class with its own in-process cluster, started before its tests and stopped after them.</summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected ChatCluster Cluster { get; private set; } = null!;

    /// <summary>Two gateways with default settings unless a test class needs otherwise.</summary>
    protected virtual Task<ChatCluster> StartClusterAsync() => ChatCluster.StartAsync(2);

    public async Task InitializeAsync() => Cluster = await StartClusterAsync();

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();
}
