using System.Text.Json;
using Berth.Kernel.Storage;

namespace Berth.CloudWatch;

/// <summary>One entry of an alarm's history (DescribeAlarmHistory): a configuration change or a state change.</summary>
public sealed record AlarmHistoryItem
{
    public required string Id { get; set; }
    public required string AlarmName { get; set; }
    public string AlarmType { get; set; } = "MetricAlarm";
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>ConfigurationUpdate or StateUpdate.</summary>
    public required string HistoryItemType { get; set; }
    public required string HistorySummary { get; set; }
    public string? HistoryData { get; set; }
}

/// <summary>
/// The alarms' history in the generic resource table <c>alarm_history</c> (scope and name = alarm name, sort = time).
/// Kept bounded: at most <see cref="MaxPerAlarm"/> entries per alarm, none older than <see cref="MaxAge"/>.
/// </summary>
public static class AlarmHistory
{
    public const int MaxPerAlarm = 100;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);

    public static readonly ResourceKind<AlarmHistoryItem> Kind = new(
        "alarm_history", h => h.Id, h => h.AlarmName, h => h.AlarmName, h => h.HistoryItemType, h => h.Timestamp.ToUnixTimeMilliseconds(),
        CloudWatchStoreJson.Default.AlarmHistoryItem);

    public static AlarmHistoryItem Configuration(string alarmName, bool created, DateTimeOffset at) => new()
    {
        Id = NewId(at),
        AlarmName = alarmName,
        Timestamp = at,
        HistoryItemType = "ConfigurationUpdate",
        HistorySummary = $"Alarm \"{alarmName}\" {(created ? "created" : "updated")}",
    };

    public static AlarmHistoryItem StateChange(MetricAlarm before, MetricAlarm after) => new()
    {
        Id = NewId(after.StateUpdatedTimestamp),
        AlarmName = after.AlarmName,
        Timestamp = after.StateUpdatedTimestamp,
        HistoryItemType = "StateUpdate",
        HistorySummary = $"Alarm updated from {before.StateValue} to {after.StateValue}",
        HistoryData = StateData(before, after),
    };

    /// <summary>Adds an entry and drops the alarm's oldest beyond the bound.</summary>
    public static async Task AppendAsync(IStateStore store, AlarmHistoryItem item, CancellationToken ct)
    {
        await store.CommitAsync(StoreWrite.Insert(Kind, item), ct);
        var count = await store.CountAsync(Kind, new StoreQuery { Scope = item.AlarmName }, ct);
        if (count <= MaxPerAlarm)
            return;
        var oldest = await store.ListAsync(Kind, new StoreQuery { Scope = item.AlarmName, Limit = count - MaxPerAlarm }, ct);
        await DeleteAsync(store, oldest, ct);
    }

    /// <summary>Drops every entry older than <see cref="MaxAge"/>.</summary>
    public static async Task PruneAsync(IStateStore store, DateTimeOffset now, CancellationToken ct)
    {
        var all = await store.ListAsync(Kind, new StoreQuery(), ct);
        await DeleteAsync(store, all.Where(h => h.Value.Timestamp < now - MaxAge).ToList(), ct);
    }

    static async Task DeleteAsync(IStateStore store, IReadOnlyList<Stored<AlarmHistoryItem>> items, CancellationToken ct)
    {
        foreach (var h in items)
        {
            try
            {
                await store.CommitAsync(StoreWrite.Delete(Kind, h.Value.Id, h.Version), ct);
            }
            catch (ConcurrencyConflictException)
            {
                // Another writer trimmed it first.
            }
        }
    }

    /// <summary>Sortable by time, unique: milliseconds then randomness.</summary>
    static string NewId(DateTimeOffset at) => $"{at.ToUnixTimeMilliseconds():D15}-{Guid.NewGuid():N}";

    static string StateData(MetricAlarm before, MetricAlarm after)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteStartObject("oldState");
            State(w, before);
            w.WriteEndObject();
            w.WriteStartObject("newState");
            State(w, after);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void State(Utf8JsonWriter w, MetricAlarm a)
    {
        w.WriteString("stateValue", a.StateValue);
        w.WriteString("stateReason", a.StateReason);
        if (a.StateReasonData is { } data)
            w.WriteString("stateReasonData", data);
    }
}
