using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Berth.Runtime.Docker.Engine;

/// <summary>Calls to the Docker Engine API by resource (containers, images, ...) and method, and their latency.</summary>
internal static class EngineMetrics
{
    static readonly Meter Meter = new("Berth.Engine");
    static readonly Counter<long> Calls = Meter.CreateCounter<long>("berth.engine.calls", null, "Docker Engine API calls by resource, method and outcome.");
    static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("berth.engine.call.duration", "s", "Time to the engine's response headers.");

    public static void Record(HttpMethod method, string uri, string outcome, long started)
    {
        var resource = Resource(uri);
        Calls.Add(1, new("resource", resource), new("method", method.Method), new("outcome", outcome));
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("method", method.Method));
    }

    /// <summary>The first path segment after an optional API version (<c>containers/x/json</c> or <c>/v1.51/containers/x/json</c> → containers): a bounded label.</summary>
    static string Resource(string uri)
    {
        var path = uri.Split('?', 2)[0].Trim('/').Split('/');
        var i = path.Length > 1 && path[0].StartsWith('v') && path[0].Contains('.', StringComparison.Ordinal) ? 1 : 0;
        return path[i] is "containers" or "images" or "networks" or "events" or "info" or "version" or "_ping" or "exec" or "volumes" or "system" or "build" or "distribution"
            ? path[i] : "other";
    }
}
