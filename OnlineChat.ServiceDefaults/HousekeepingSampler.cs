using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps periodic housekeeping out of the traces. A Client span (a Redis command, an HTTP call) with no
/// parent is work that no user and no message asked for: lease renewals, presence sweeps, gauge refreshes,
/// health probes, the Redis client's own pings. Idle, those were about 4 traces a second, and they pushed
/// the message traces out of the dashboard's trace limit within the hour. Everything a person caused starts
/// with a Server or Consumer span and keeps its Redis and HTTP children. The housekeeping's metrics are not
/// affected: they are not spans.
/// </summary>
public sealed class HousekeepingSampler(Sampler inner) : Sampler
{
    private static readonly SamplingResult s_drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client && samplingParameters.ParentContext.TraceId == default
            ? s_drop
            : inner.ShouldSample(samplingParameters);
}
