using Berth.Kernel;
using Berth.Kernel.Tagging;
using Berth.Logs.MetricFilters;
using Berth.Logs.Retention;
using Berth.Logs.Tags;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Logs.Tests;

/// <summary>The Logs services over one real SQLite file (events, state, metric points) and a fake clock.</summary>
public sealed class LogsHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public static readonly Arns Arns = new("123456789012", "us-east-1");
    readonly TempDatabase _temp = new();

    public LogsHarness()
    {
        Events = new SqliteLogStore(_temp.Db, Clock);
        State = new SqliteStateStore(_temp.Db);
        Points = new SqliteMetricStore(_temp.Db);
        Logs = new LogService(Events, Arns);
        Tags = new LogGroupTags(Events, new TagService(State), Arns);
        Filters = new MetricFilterService(State, Events, Clock);
        Retention = new RetentionController(Events, Clock, NullLogger<RetentionController>.Instance);
        Publisher = new MetricFilterPublisher(State, Events, Points, Clock, NullLogger<MetricFilterPublisher>.Instance);
        Groups = new LogGroupLifecycle(Logs, Events, Tags, Filters, Retention, Publisher);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public SqliteLogStore Events { get; }
    public SqliteStateStore State { get; }
    public SqliteMetricStore Points { get; }
    public LogService Logs { get; }
    public LogGroupTags Tags { get; }
    public MetricFilterService Filters { get; }
    public RetentionController Retention { get; }
    public MetricFilterPublisher Publisher { get; }
    public LogGroupLifecycle Groups { get; }

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task GroupAsync(string group, string? stream = null)
    {
        await Groups.CreateAsync(group, null, null, null, null, Ct);
        if (stream is not null)
            await Logs.CreateStreamAsync(group, stream, Ct);
    }

    public Task PutAsync(string group, string stream, params (long Timestamp, string Message)[] events) =>
        Logs.PutEventsAsync(group, stream, events.Select(e => new InputLogEvent(e.Timestamp, e.Message)).ToList(), Ct);

    public void Dispose() => _temp.Dispose();
}
