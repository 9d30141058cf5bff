using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace OnlineChat.Gateway;

/// <summary>The gateway's HTTP client for the presence service, and which of its failed calls are tried again.</summary>
public static class PresenceHttp
{
    public static IHttpClientBuilder AddPresenceClient(this IServiceCollection services, Uri presence)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, but the supported way to replace the default.
        var client = services.AddHttpClient<PresenceClient>(http => http.BaseAddress = presence);
        client
            // A login waits on this call: with presence down the user should hear "try again" within seconds,
            // not after the default policy's half a minute of retries.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(8);
                var transient = resilience.Retry.ShouldHandle;
                resilience.Retry.ShouldHandle = async args =>
                    MayTryAgain(args.Context.GetRequestMessage(), args.Outcome) && await transient(args);
            });
#pragma warning restore EXTEXP0001
        return client;
    }

    // Changes that come out the same however often they are made, for the same login: a name claimed for a
    // token (claim.lua), released, put back, or kept for a resume. Under a burst of logins a claim that timed
    // out is sent again rather than turned into an error.
    private static readonly string[] s_sameWhenRepeated =
        ["/v1/sessions", "/v1/sessions/release", "/v1/sessions/reclaim", "/v1/sessions/suspend"];

    /// <summary>
    /// A read may be tried again after any transient failure, and so may a change that comes out the same
    /// when repeated. Any other POST whose answer was lost (a timeout, a 500) may have been carried out: sent
    /// again it is answered as a second one would be ("that group exists already" to its creator). Such a
    /// POST goes again only when presence surely did nothing with it: no connection could be made, or it
    /// answered 503 (still recovering the directory). A refused login (429, slowed down) is the user's to
    /// try again, not ours.
    /// </summary>
    public static bool MayTryAgain(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome) =>
        request?.Method == HttpMethod.Get
        || (request?.RequestUri is { } uri && IsSameWhenRepeated(uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString))
        || NeverReachedPresence(outcome.Exception)
        || outcome.Result?.StatusCode == HttpStatusCode.ServiceUnavailable;

    /// <summary>
    /// Whether a call that failed with <paramref name="ex"/> surely did nothing at presence: no connection could
    /// be made, presence answered 503 (recovering the directory), or the circuit breaker held the call back.
    /// Anything else (a timeout, a lost answer, a 500) may have been carried out.
    /// </summary>
    public static bool SurelyNotCarriedOut(Exception ex) =>
        NeverReachedPresence(ex)
        || ex is HttpRequestException { StatusCode: HttpStatusCode.ServiceUnavailable } or Polly.CircuitBreaker.BrokenCircuitException;

    /// <summary>No connection to presence could be made: the request was never sent.</summary>
    private static bool NeverReachedPresence(Exception? ex) =>
        ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    // By the path's end: presence may be served under a prefix of its own.
    private static bool IsSameWhenRepeated(string path) => s_sameWhenRepeated.Any(p => path.EndsWith(p, StringComparison.Ordinal));
}
