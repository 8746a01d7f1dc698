using System.Text.Json;
using Berth.Kernel;
using Berth.Kernel.Storage;

using Berth.Kernel.Tagging;
namespace Berth.CloudWatch;

/// <summary>
/// The CloudWatch alarm API over the store's <c>alarms</c> table. Alarms made by others (target tracking policies write
/// theirs directly) are described, updated and deleted like any other.
/// </summary>
public sealed class AlarmService(IStateStore store, Arns arns, TimeProvider clock)
{
    public const int MaxAlarms = 5000;

    public async Task PutMetricAlarmAsync(PutMetricAlarmRequest r, CancellationToken ct)
    {
        var alarm = AlarmValidation.Alarm(r, arns);
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var existing = await store.GetAsync(CloudWatchKinds.Alarms, alarm.AlarmName, ct);
            try
            {
                if (existing is null)
                {
                    if (await store.CountAsync(CloudWatchKinds.Alarms, new StoreQuery(), ct) >= MaxAlarms)
                        throw CloudWatchErrors.LimitExceeded($"The maximum number of alarms ({MaxAlarms}) has been reached.");
                    var created = alarm with { AlarmConfigurationUpdatedTimestamp = now, StateUpdatedTimestamp = now, StateTransitionedTimestamp = now, StateReason = "Unchecked: Initial alarm creation" };
                    await store.CommitAsync(StoreWrite.Insert(CloudWatchKinds.Alarms, created), ct);
                }
                else
                {
                    // An update replaces the definition and keeps the state, the owner and the tags (as CloudWatch does).
                    var old = existing.Value;
                    var updated = alarm with
                    {
                        AlarmConfigurationUpdatedTimestamp = now,
                        StateValue = old.StateValue,
                        StateReason = old.StateReason,
                        StateReasonData = old.StateReasonData,
                        StateUpdatedTimestamp = old.StateUpdatedTimestamp,
                        StateTransitionedTimestamp = old.StateTransitionedTimestamp,
                        OwnedBy = old.OwnedBy,
                        Tags = old.Tags,
                    };
                    await store.CommitAsync(StoreWrite.Update(CloudWatchKinds.Alarms, updated, existing.Version), ct);
                }
                await AlarmHistory.AppendAsync(store, AlarmHistory.Configuration(alarm.AlarmName, existing is null, now), ct);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // Someone else wrote the alarm meanwhile: apply this definition over theirs.
            }
        }
    }

    public async Task<DescribeAlarmsResult> DescribeAlarmsAsync(DescribeAlarmsRequest r, CancellationToken ct)
    {
        var max = r.MaxRecords ?? 50;
        if (max is < 1 or > 100)
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
        AlarmValidation.Names(r.AlarmNames, required: false);
        if (r.AlarmNames is { Count: > 0 } && r.AlarmNamePrefix is not null)
            throw CloudWatchErrors.InvalidParameterCombination("AlarmNames and AlarmNamePrefix are mutually exclusive.");
        MetricValidation.Length(r.AlarmNamePrefix, "AlarmNamePrefix", 1, 255);
        MetricValidation.Length(r.ActionPrefix, "ActionPrefix", 1, 1024);
        if (r.StateValue is not null && !AlarmRules.States.Contains(r.StateValue))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter StateValue must be a value in the set [ {string.Join(", ", AlarmRules.States)} ].");
        var types = r.AlarmTypes ?? [];
        if (types.Any(t => t is not ("MetricAlarm" or "CompositeAlarm")))
            throw CloudWatchErrors.InvalidParameterValue("The parameter AlarmTypes must hold values in the set [ CompositeAlarm, MetricAlarm ].");
        var listing = string.Join('\n', string.Join(',', r.AlarmNames ?? []), r.AlarmNamePrefix, r.StateValue, r.ActionPrefix, string.Join(',', types), r.ChildrenOfAlarmName, r.ParentsOfAlarmName, max);
        var offset = PageTokens.Decode(r.NextToken, listing, CloudWatchErrors.InvalidNextToken);
        var includeComposite = types.Contains("CompositeAlarm");

        // Berth has no composite alarms, so no alarm has parents or children.
        if ((types.Count > 0 && !types.Contains("MetricAlarm")) || r.ChildrenOfAlarmName is not null || r.ParentsOfAlarmName is not null)
            return new DescribeAlarmsResult([], includeComposite, null);
        var query = new StoreQuery
        {
            Ids = r.AlarmNames is { Count: > 0 } names ? names : null,
            NamePrefix = r.AlarmNamePrefix,
            Statuses = r.StateValue is null ? null : [r.StateValue],
        };
        var alarms = (await store.ListAsync(CloudWatchKinds.Alarms, query, ct)).Select(s => s.Value)
            .Where(a => r.ActionPrefix is null || a.OkActions.Concat(a.AlarmActions).Concat(a.InsufficientDataActions).Any(x => x.StartsWith(r.ActionPrefix, StringComparison.Ordinal)))
            .ToList();
        var page = alarms.Skip(offset).Take(max).ToList();
        var next = offset + page.Count < alarms.Count ? PageTokens.Encode(listing, offset + page.Count) : null;
        return new DescribeAlarmsResult(page, includeComposite, next);
    }

    public async Task<List<MetricAlarm>> DescribeAlarmsForMetricAsync(DescribeAlarmsForMetricRequest r, CancellationToken ct)
    {
        var key = new MetricKey(MetricValidation.Namespace(r.Namespace), MetricValidation.MetricName(r.MetricName), MetricValidation.Dimensions(r.Dimensions));
        MetricValidation.Unit(r.Unit);
        if (r.Statistic is not null && !MetricValidation.Statistics.Contains(r.Statistic))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter Statistic must be a value in the set [ {string.Join(", ", MetricValidation.Statistics)} ].");
        if (r.Period is not null)
            MetricValidation.Period(r.Period);
        var alarms = await store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery(), ct);
        return alarms.Select(s => s.Value)
            .Where(a => new MetricKey(a.Namespace, a.MetricName, a.Dimensions).Equals(key))
            .Where(a => (r.Statistic is null || a.Statistic == r.Statistic) && (r.ExtendedStatistic is null || a.ExtendedStatistic == r.ExtendedStatistic)
                && (r.Period is null || a.Period == r.Period) && (r.Unit is null || a.Unit == r.Unit))
            .ToList();
    }

    /// <summary>All named alarms or none: one that does not exist refuses the whole request.</summary>
    public async Task DeleteAlarmsAsync(List<string>? names, CancellationToken ct)
    {
        AlarmValidation.Names(names, required: true);
        var found = await store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery { Ids = names! }, ct);
        var missing = names!.Except(found.Select(f => f.Value.AlarmName), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw CloudWatchErrors.ResourceNotFound($"{(missing.Count == 1 ? "Alarm" : "Alarms")} {string.Join(", ", missing)} not found; no alarm was deleted.");
        await store.CommitAsync(found.Select(f => StoreWrite.Delete(CloudWatchKinds.Alarms, f.Value.AlarmName, f.Version)).ToList(), ct);
    }

    public async Task SetAlarmStateAsync(SetAlarmStateRequest r, CancellationToken ct)
    {
        var name = MetricValidation.Required(r.AlarmName, "AlarmName");
        MetricValidation.Length(name, "AlarmName", 1, 255);
        var state = MetricValidation.Required(r.StateValue, "StateValue");
        if (!AlarmRules.States.Contains(state))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter StateValue must be a value in the set [ {string.Join(", ", AlarmRules.States)} ].");
        var reason = MetricValidation.Required(r.StateReason, "StateReason");
        MetricValidation.Length(reason, "StateReason", 0, 1023);
        MetricValidation.Length(r.StateReasonData, "StateReasonData", 0, 4000);
        if (r.StateReasonData is { } data)
        {
            try
            {
                using var _ = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                throw CloudWatchErrors.InvalidFormat("The parameter StateReasonData must be valid JSON.");
            }
        }
        var now = clock.GetUtcNow();
        MetricAlarm? before = null;
        var after = await store.MutateAsync(CloudWatchKinds.Alarms, name, (a, _) =>
        {
            before = a;
            return a with
            {
                StateValue = state,
                StateReason = reason,
                StateReasonData = r.StateReasonData,
                StateUpdatedTimestamp = now,
                StateTransitionedTimestamp = a.StateValue == state ? a.StateTransitionedTimestamp : now,
            };
        }, ct) ?? throw CloudWatchErrors.ResourceNotFound($"Alarm {name} not found.");
        await AlarmHistory.AppendAsync(store, AlarmHistory.StateChange(before!, after), ct);
    }

    /// <summary>EnableAlarmActions / DisableAlarmActions: names that match no alarm are skipped, as CloudWatch does.</summary>
    public async Task SetActionsEnabledAsync(List<string>? names, bool enabled, CancellationToken ct)
    {
        AlarmValidation.Names(names, required: true);
        foreach (var name in names!.Distinct(StringComparer.Ordinal))
            await store.MutateAsync(CloudWatchKinds.Alarms, name, (a, _) => a.ActionsEnabled == enabled ? null : a with { ActionsEnabled = enabled }, ct);
    }

    public async Task<List<Tag>> ListTagsAsync(string? resourceArn, CancellationToken ct)
    {
        var name = AlarmTags.AlarmName(resourceArn);
        return (await store.GetAsync(CloudWatchKinds.Alarms, name, ct))?.Value.Tags ?? throw AlarmNotFound(resourceArn!);
    }

    public Task TagAsync(string? resourceArn, List<Tag>? tags, CancellationToken ct)
    {
        if (tags is null)
            throw CloudWatchErrors.MissingParameter("Tags");
        AlarmTags.Validate(tags);
        return ChangeTagsAsync(resourceArn, current => AlarmTags.Merge(current, tags), ct);
    }

    public Task UntagAsync(string? resourceArn, List<string>? keys, CancellationToken ct) =>
        ChangeTagsAsync(resourceArn, current => AlarmTags.Remove(current, keys ?? throw CloudWatchErrors.MissingParameter("TagKeys")), ct);

    async Task ChangeTagsAsync(string? resourceArn, Func<List<Tag>, List<Tag>> change, CancellationToken ct)
    {
        var name = AlarmTags.AlarmName(resourceArn);
        var changed = await store.MutateAsync(CloudWatchKinds.Alarms, name, (alarm, _) => alarm with { Tags = change(alarm.Tags) }, ct);
        if (changed is null)
            throw AlarmNotFound(resourceArn!);
    }

    static AwsException AlarmNotFound(string arn) => CloudWatchErrors.ResourceNotFoundException($"The alarm {arn} does not exist.");

    public async Task<DescribeAlarmHistoryResult> DescribeAlarmHistoryAsync(DescribeAlarmHistoryRequest r, CancellationToken ct)
    {
        MetricValidation.Length(r.AlarmName, "AlarmName", 1, 255);
        var max = r.MaxRecords ?? 100;
        if (max is < 1 or > 100)
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
        string[] itemTypes = ["ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate", "AlarmContributorAction"];
        if (r.HistoryItemType is not null && !itemTypes.Contains(r.HistoryItemType))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter HistoryItemType must be a value in the set [ {string.Join(", ", itemTypes)} ].");
        if (r.AlarmTypes?.Any(t => t is not ("MetricAlarm" or "CompositeAlarm")) == true)
            throw CloudWatchErrors.InvalidParameterValue("The parameter AlarmTypes must hold values in the set [ CompositeAlarm, MetricAlarm ].");
        var descending = r.ScanBy switch
        {
            null or "TimestampDescending" => true,
            "TimestampAscending" => false,
            _ => throw CloudWatchErrors.InvalidParameterValue("The parameter ScanBy must be a value in the set [ TimestampDescending, TimestampAscending ]."),
        };
        if (r.StartDate is { } s && r.EndDate is { } e && s > e)
            throw CloudWatchErrors.InvalidParameterValue("The parameter StartDate must not be later than the parameter EndDate.");
        var listing = string.Join('\n', r.AlarmName, r.HistoryItemType, r.StartDate?.ToUnixTimeMilliseconds(), r.EndDate?.ToUnixTimeMilliseconds(), r.ScanBy, max, string.Join(',', r.AlarmTypes ?? []));
        var offset = PageTokens.Decode(r.NextToken, listing, CloudWatchErrors.InvalidNextToken);
        var wantsMetric = r.AlarmTypes is not { Count: > 0 } || r.AlarmTypes.Contains("MetricAlarm");
        var items = wantsMetric
            ? (await store.ListAsync(AlarmHistory.Kind, new StoreQuery { Scope = r.AlarmName, Statuses = r.HistoryItemType is null ? null : [r.HistoryItemType] }, ct))
                .Select(h => h.Value)
                .Where(h => (r.StartDate is null || h.Timestamp >= r.StartDate) && (r.EndDate is null || h.Timestamp <= r.EndDate))
                .ToList()
            : [];
        items = descending ? [.. items.OrderByDescending(h => h.Id, StringComparer.Ordinal)] : [.. items.OrderBy(h => h.Id, StringComparer.Ordinal)];
        var page = items.Skip(offset).Take(max).ToList();
        var next = offset + page.Count < items.Count ? PageTokens.Encode(listing, offset + page.Count) : null;
        return new DescribeAlarmHistoryResult(page, next);
    }
}
