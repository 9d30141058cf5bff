using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

/// <summary>
/// Which failed calls to presence the gateway's HTTP client sends again: a read after any transient failure,
/// a POST only when presence surely did nothing with it. Drives the client as the gateway registers it, with
/// a stand-in for presence's answers (or a port nobody listens on) and a count of the attempts.
/// </summary>
public sealed class PresenceRetryTests
{
    /// <summary>Presence's answer to a call, and how many times the gateway makes the call (3: two retries).</summary>
    [Theory]
    // A change that may have been carried out is not made twice.
    [InlineData("POST", "/v1/groups", HttpStatusCode.InternalServerError, 1)]
    // A refused login is the user's to try again.
    [InlineData("POST", "/v1/logins", HttpStatusCode.TooManyRequests, 1)]
    // 503: presence did nothing (it is recovering the directory).
    [InlineData("POST", "/v1/groups/join", HttpStatusCode.ServiceUnavailable, 3)]
    // A claim comes out the same when repeated.
    [InlineData("POST", "/v1/sessions", HttpStatusCode.InternalServerError, 3)]
    [InlineData("GET", "/v1/users", HttpStatusCode.InternalServerError, 3)]
    public async Task A_failed_call_is_sent_again_only_when_that_cannot_do_it_twice(string method, string path, HttpStatusCode answer, int calls)
    {
        var (client, attempts) = Client(new Answer(answer));
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new StringContent("{}") });
        Assert.Equal(answer, response.StatusCode);
        Assert.Equal(calls, attempts.Count);
    }

    [Fact]
    public void Only_a_call_that_never_reached_presence_or_that_it_turned_away_surely_did_nothing()
    {
        Assert.True(PresenceHttp.SurelyNotCarriedOut(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));
        Assert.True(PresenceHttp.SurelyNotCarriedOut(new HttpRequestException("recovering", null, HttpStatusCode.ServiceUnavailable)));
        Assert.True(PresenceHttp.SurelyNotCarriedOut(new Polly.CircuitBreaker.BrokenCircuitException("open")));
        // The answer lost on its way back, a timeout, a 500: presence may have done it.
        Assert.False(PresenceHttp.SurelyNotCarriedOut(new HttpRequestException(HttpRequestError.ResponseEnded, "lost")));
        Assert.False(PresenceHttp.SurelyNotCarriedOut(new Polly.Timeout.TimeoutRejectedException("slow")));
        Assert.False(PresenceHttp.SurelyNotCarriedOut(new HttpRequestException("failed", null, HttpStatusCode.InternalServerError)));
    }

    [Fact]
    public async Task A_post_whose_answer_never_came_is_sent_once()
    {
        // Presence may have carried it out and be slow to answer: sent again, it would be done twice.
        var (client, attempts) = Client(new NoAnswer());
        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => client.PostAsync("/v1/groups", new StringContent("{}")));
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task A_post_that_found_nobody_listening_is_sent_again()
    {
        var (client, attempts) = Client(primary: null, presence: new Uri($"http://127.0.0.1:{UnusedPort()}"));
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/v1/groups", new StringContent("{}")));
        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.Equal(3, attempts.Count);
    }

    private static (HttpClient Client, Attempts Attempts) Client(HttpMessageHandler? primary, Uri? presence = null)
    {
        var attempts = new Attempts();
        var services = new ServiceCollection();
        var builder = services.AddPresenceClient(presence ?? new Uri("http://presence.invalid"))
            .AddHttpMessageHandler(() => new CountingHandler(attempts));
        if (primary is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PresenceClient)), attempts);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Attempts
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Inside the resilience handler: sees every attempt.</summary>
    private sealed class CountingHandler(Attempts attempts) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            attempts.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Presence taking longer than the attempt may wait.</summary>
    private sealed class NoAnswer : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        }
    }

    /// <summary>Presence's answer, the same every time.</summary>
    private sealed class Answer(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
    }
}
