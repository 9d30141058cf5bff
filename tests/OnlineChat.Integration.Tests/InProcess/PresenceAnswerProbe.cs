using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Gateway;

namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// On a gateway's client of presence: when presence's answer to a POST to <paramref name="path"/> arrives, runs
/// the hook <paramref name="takeHook"/> hands over (once: it gives null after), before the gateway acts on the
/// answer. For the moments between presence changing the directory and the gateway knowing it.
/// </summary>
internal sealed class PresenceAnswerProbe(string path, Func<Func<Task>?> takeHook) : DelegatingHandler
{
    /// <summary>For <see cref="ChatCluster.StartAsync"/>'s configureGateway: the probe on gateway <paramref name="gateway"/>'s client of presence.</summary>
    public static Action<int, WebApplicationBuilder> OnGateway(int gateway, string path, Func<Func<Task>?> takeHook) => (n, builder) =>
    {
        if (n == gateway)
        {
            builder.Services.AddHttpClient<PresenceClient>().AddHttpMessageHandler(() => new PresenceAnswerProbe(path, takeHook));
        }
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith(path, StringComparison.Ordinal) == true
            && takeHook() is { } hook)
        {
            await hook();
        }

        return response;
    }
}
