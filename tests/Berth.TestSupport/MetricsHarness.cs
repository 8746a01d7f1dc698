using Berth.CloudWatch;
using Berth.Kernel;
using Berth.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.TestSupport;

/// <summary>The metric and alarm services over a real SQLite file and a manual clock (at 2026-11-22 05:00:00 UTC).</summary>
public sealed class MetricsHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);
    readonly TempDatabase _temp = new();

    public MetricsHarness() => Build();

    public FakeTimeProvider Clock { get; } = new(T0);
    public SqliteMetricStore Points { get; private set; } = null!;
    public SqliteStateStore Store { get; private set; } = null!;
    public MetricService Metrics { get; private set; } = null!;
    public MetricDataQueries Data { get; private set; } = null!;
    public AlarmService Alarms { get; private set; } = null!;
    public AlarmEvaluator Evaluator { get; private set; } = null!;

    void Build()
    {
        Points = new SqliteMetricStore(_temp.Db);
        Store = new SqliteStateStore(_temp.Db);
        Metrics = new MetricService(Points, Clock);
        Data = new MetricDataQueries(Points);
        Alarms = new AlarmService(Store, new Arns("123456789012", "us-east-1"), Clock);
        Evaluator = new AlarmEvaluator(Store, Points, new MetricsOptions(), Clock, NullLogger<AlarmEvaluator>.Instance);
    }

    /// <summary>Reopens the database and builds every service afresh, as a restarted berthd does.</summary>
    public void Restart()
    {
        _temp.Reopen();
        Build();
    }

    public static readonly MetricKey Cpu = new("Test/App", "CPU", [new MetricDimension("Service", "web")]);

    public Task PutAsync(DateTimeOffset at, params double[] values) =>
        Points.PutAsync(values.Select(v => new MetricWrite(Cpu, MetricPoint.Single(at, v, "Percent"))).ToList(), Ct);

    public static List<DimensionInput> Dims(string name = "Service", string value = "web") => [new() { Name = name, Value = value }];

    public void Dispose() => _temp.Dispose();
}
