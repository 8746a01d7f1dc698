using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Berth.Server.Observability;

/// <summary>
/// Requests and their latency by API and operation. The endpoints name the operation they dispatched to
/// (<see cref="SetOperation"/>); an unknown one is counted as "unknown" so the label set stays bounded.
/// </summary>
public static class ApiMetrics
{
    public const string MeterName = "Berth.Api";
    const string OperationKey = "berth.operation";
    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> Requests = Meter.CreateCounter<long>("berth.api.requests", null, "Requests by API, operation and HTTP status.");
    static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("berth.api.request.duration", "s", "Time to answer a request, by API and operation.");

    public static void SetOperation(HttpContext http, string api, string operation) => http.Items[OperationKey] = (api, operation);

    /// <summary>Middleware: measures every request; those no endpoint named are grouped by the part of the server that took them.</summary>
    public static async Task MeasureAsync(HttpContext http, Func<Task> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next();
        }
        finally
        {
            var (api, operation) = http.Items[OperationKey] as (string, string)? ?? Unnamed(http.Request.Path);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Requests.Add(1, new("api", api), new("operation", operation), new("code", http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Duration.Record(elapsed, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("operation", operation));
        }
    }

    static (string, string) Unnamed(PathString path) =>
        path.StartsWithSegments("/v2") ? ("registry", "registry") : ("http", path.Value is "/healthz" or "/readyz" or "/metrics" ? path.Value : "other");
}
