using Berth.CloudWatch;
using Berth.TestSupport;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.Store.Tests;

public sealed class SqliteMetricStoreTests : IDisposable
{
    readonly MetricsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task PutThenRead_RangeIsHalfOpenAndOldestFirst()
    {
        await _h.Points.PutAsync(
        [
            new(Cpu, new MetricPoint(T0.AddSeconds(30), 3, 30, 5, 15, "Percent")),
            new(Cpu, MetricPoint.Single(T0, 1, "Percent")),
            new(Cpu, MetricPoint.Single(T0.AddSeconds(60), 2, "Percent")),
        ], Ct);

        var points = await _h.Points.ReadAsync(Cpu, T0, T0.AddSeconds(60), Ct);

        Assert.Equal([T0, T0.AddSeconds(30)], points.Select(p => p.Timestamp));
        Assert.Equal(new MetricPoint(T0.AddSeconds(30), 3, 30, 5, 15, "Percent"), points[1]);
    }

    [Fact]
    public async Task DimensionOrder_SameSeries()
    {
        var a = new MetricKey("N", "M", [new("B", "2"), new("A", "1")]);
        var b = new MetricKey("N", "M", [new("A", "1"), new("B", "2")]);
        await _h.Points.PutAsync([new(a, MetricPoint.Single(T0, 1))], Ct);
        await _h.Points.PutAsync([new(b, MetricPoint.Single(T0.AddSeconds(1), 2))], Ct);

        Assert.Equal(2, (await _h.Points.ReadAsync(a, T0, T0.AddMinutes(1), Ct)).Count);
        var listed = Assert.Single(await _h.Points.ListAsync("N", null, null, Ct));
        Assert.Equal(["A", "B"], listed.Dimensions.Select(d => d.Name));
    }

    [Fact]
    public async Task List_FiltersByNamespaceNameAndActivity()
    {
        var old = new MetricKey("N", "Old");
        await _h.Points.PutAsync([new(Cpu, MetricPoint.Single(T0, 1)), new(old, MetricPoint.Single(T0.AddHours(-5), 1))], Ct);

        Assert.Equal(2, (await _h.Points.ListAsync(null, null, null, Ct)).Count);
        Assert.Equal([Cpu], await _h.Points.ListAsync("Test/App", null, null, Ct));
        Assert.Equal([old], await _h.Points.ListAsync(null, "Old", null, Ct));
        Assert.Equal([Cpu], await _h.Points.ListAsync(null, null, T0.AddHours(-3), Ct));
    }

    [Fact]
    public async Task Prune_DropsOldPointsAndEmptySeries()
    {
        var gone = new MetricKey("N", "Gone");
        await _h.Points.PutAsync([new(gone, MetricPoint.Single(T0.AddDays(-20), 1)), new(Cpu, MetricPoint.Single(T0.AddDays(-20), 1)), new(Cpu, MetricPoint.Single(T0, 2))], Ct);

        await _h.Points.PruneAsync(T0.AddDays(-14), Ct);

        Assert.Equal([Cpu], await _h.Points.ListAsync(null, null, null, Ct));
        Assert.Single(await _h.Points.ReadAsync(Cpu, T0.AddDays(-30), T0.AddDays(1), Ct));
    }

    [Fact]
    public async Task Batch_SurvivesRestart()
    {
        await _h.Points.PutAsync(Enumerable.Range(0, 500).Select(i => new MetricWrite(Cpu, MetricPoint.Single(T0.AddSeconds(i), i))).ToList(), Ct);

        _h.Restart();

        Assert.Equal(500, (await _h.Points.ReadAsync(Cpu, T0, T0.AddHours(1), Ct)).Count);
    }
}
