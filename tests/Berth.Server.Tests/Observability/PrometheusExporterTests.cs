using System.Diagnostics.Metrics;
using Berth.Server.Observability;
using Berth.TestSupport;

namespace Berth.Server.Tests.Observability;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Scrape_WritesCountersGaugesAndHistograms_OfBerthMetersOnly()
    {
        using var exporter = new PrometheusExporter("Berth.Test.A");
        using var meter = new Meter("Berth.Test.A");
        using var other = new Meter("Other.Test.A");
        var requests = meter.CreateCounter<long>("berth.test.requests", null, "Requests.");
        var latency = meter.CreateHistogram<double>("berth.test.latency", "s", "Latency.");
        var inflight = meter.CreateUpDownCounter<int>("berth.test.inflight");
        var level = 7;
        meter.CreateObservableGauge("berth.test.level", () => level);
        other.CreateCounter<long>("other.requests").Add(5);

        requests.Add(2, new KeyValuePair<string, object?>("op", "A"));
        requests.Add(3, new KeyValuePair<string, object?>("op", "A"));
        requests.Add(1, new KeyValuePair<string, object?>("op", "B \"quoted\"\nline"));
        latency.Record(0.003);
        latency.Record(0.2);
        latency.Record(42);
        inflight.Add(3);
        inflight.Add(-1);

        var text = new PrometheusExporter("Berth.Test.Unused").Scrape() + exporter.Scrape();
        var s = PrometheusText.Parse(text);
        Assert.Equal(5, s["berth_test_requests_total{op=\"A\"}"]);
        Assert.Equal(1, s["berth_test_requests_total{op=\"B \\\"quoted\\\"\\nline\"}"]);
        Assert.Equal(2, s["berth_test_inflight"]);
        Assert.Equal(7, s["berth_test_level"]);
        Assert.Contains("# TYPE berth_test_latency_seconds histogram", text);
        Assert.Equal(3, s["berth_test_latency_seconds_count"]);
        Assert.Equal(42.203, s["berth_test_latency_seconds_sum"], 6);
        Assert.Equal(1, s["berth_test_latency_seconds_bucket{le=\"0.005\"}"]);
        Assert.Equal(2, s["berth_test_latency_seconds_bucket{le=\"0.25\"}"]);
        Assert.Equal(2, s["berth_test_latency_seconds_bucket{le=\"30\"}"]);
        Assert.Equal(3, s["berth_test_latency_seconds_bucket{le=\"+Inf\"}"]);
        var buckets = s.Where(kv => kv.Key.StartsWith("berth_test_latency_seconds_bucket", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        Assert.Equal(buckets.Order(), buckets); // in le order, cumulative: never decreasing
        Assert.DoesNotContain("other_requests", text);

        level = 9;
        Assert.Equal(9, PrometheusText.Parse(exporter.Scrape())["berth_test_level"]);
    }

    [Fact]
    public void Scrape_WithNothingRecorded_IsEmptyButValid()
    {
        using var exporter = new PrometheusExporter("Berth.Test.B");
        using var meter = new Meter("Berth.Test.B");
        meter.CreateCounter<long>("berth.test.never");
        Assert.Empty(PrometheusText.Parse(exporter.Scrape()));
    }
}
