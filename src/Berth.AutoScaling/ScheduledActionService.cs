using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.AutoScaling;

/// <summary>PutScheduledAction, DeleteScheduledAction, DescribeScheduledActions, and DescribeScalingActivities.</summary>
public sealed class ScheduledActionService(IStateStore store, Arns arns, TimeProvider clock)
{
    const int MaxActionsPerTarget = 200;

    public sealed record PutRequest(
        string? ServiceNamespace, string? Schedule, string? Timezone, string? ScheduledActionName, string? ResourceId, string? ScalableDimension,
        DateTimeOffset? StartTime, DateTimeOffset? EndTime, ScalableTargetAction? ScalableTargetAction);

    public async Task PutAsync(PutRequest req, CancellationToken ct)
    {
        var r = EcsResource.Parse(req.ServiceNamespace, req.ResourceId, req.ScalableDimension);
        var name = req.ScheduledActionName;
        if (string.IsNullOrEmpty(name) || name.Length > 256 || name.Any(char.IsControl) || name.Contains(':') || name.Contains('/') || name.StartsWith(' '))
            throw AutoScalingErrors.Validation("ScheduledActionName is required: 1 to 256 printable characters, without ':' or '/'.");
        if (req.StartTime is { } start && req.EndTime is { } end && start >= end)
            throw AutoScalingErrors.Validation("StartTime must be before EndTime.");
        if (req.ScalableTargetAction is { } a)
        {
            if (a.MinCapacity is < 0 || a.MaxCapacity is < 0)
                throw AutoScalingErrors.Validation("ScalableTargetAction capacities cannot be negative.");
            if (a.MinCapacity is { } min && a.MaxCapacity is { } max && min > max)
                throw AutoScalingErrors.Validation($"Minimum capacity ({min}) cannot be greater than maximum capacity ({max}).");
        }

        if (await store.GetAsync(AutoScalingKinds.Targets, r.Key, ct) is null)
            throw AutoScalingErrors.ObjectNotFound($"No scalable target registered for {r.Describe()}");
        var existing = await store.GetAsync(AutoScalingKinds.ScheduledActions, r.Key + "|" + name, ct);
        var schedule = req.Schedule ?? existing?.Value.Action.Schedule;
        var timezone = req.Timezone ?? existing?.Value.Action.Timezone;
        ScheduleExpression.Parse(schedule, timezone);
        var targetAction = req.ScalableTargetAction ?? existing?.Value.Action.ScalableTargetAction;
        if (targetAction is not { MinCapacity: not null } and not { MaxCapacity: not null })
            throw AutoScalingErrors.Validation("ScalableTargetAction needs MinCapacity, MaxCapacity or both.");
        if (existing is null && await store.CountAsync(AutoScalingKinds.ScheduledActions, new StoreQuery { Scope = r.Key }, ct) >= MaxActionsPerTarget)
            throw AutoScalingErrors.LimitExceeded($"A scalable target can have at most {MaxActionsPerTarget} scheduled actions.");

        var action = new ScheduledAction
        {
            ScheduledActionName = name,
            ScheduledActionARN = existing?.Value.Action.ScheduledActionARN ?? AutoScalingArns.ScheduledAction(arns, r, name),
            ServiceNamespace = EcsResource.Namespace,
            Schedule = schedule!,
            Timezone = timezone,
            ResourceId = r.ResourceId,
            ScalableDimension = EcsResource.Dimension,
            StartTime = req.StartTime ?? existing?.Value.Action.StartTime,
            EndTime = req.EndTime ?? existing?.Value.Action.EndTime,
            ScalableTargetAction = targetAction,
            CreationTime = existing?.Value.Action.CreationTime ?? clock.GetUtcNow(),
        };
        // A changed schedule starts counting afresh from now; an unchanged one keeps its last run.
        var record = new ScheduledActionRecord
        {
            Action = action,
            LastFiredAt = existing is not null && existing.Value.Action.Schedule == action.Schedule && existing.Value.Action.Timezone == action.Timezone
                ? existing.Value.LastFiredAt
                : existing is null ? null : clock.GetUtcNow(),
        };
        try
        {
            await store.CommitAsync(existing is null
                ? StoreWrite.Insert(AutoScalingKinds.ScheduledActions, record)
                : StoreWrite.Update(AutoScalingKinds.ScheduledActions, record, existing.Version), ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AutoScalingErrors.ConcurrentUpdate();
        }
    }

    public async Task DeleteAsync(string? serviceNamespace, string? name, string? resourceId, string? dimension, CancellationToken ct)
    {
        var r = EcsResource.Parse(serviceNamespace, resourceId, dimension);
        if (string.IsNullOrEmpty(name))
            throw AutoScalingErrors.Validation("ScheduledActionName is required.");
        var existing = await store.GetAsync(AutoScalingKinds.ScheduledActions, r.Key + "|" + name, ct)
            ?? throw AutoScalingErrors.ObjectNotFound($"No scheduled action found for {r.Describe()}, scheduled action name: {name}");
        try
        {
            await store.CommitAsync(StoreWrite.Delete(AutoScalingKinds.ScheduledActions, r.Key + "|" + name, existing.Version), ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AutoScalingErrors.ConcurrentUpdate();
        }
    }

    public async Task<(List<ScheduledAction> Actions, string? NextToken)> DescribeAsync(string? serviceNamespace, List<string>? names,
        string? resourceId, string? dimension, int? maxResults, string? nextToken, CancellationToken ct)
    {
        EcsResource.RequireNamespace(serviceNamespace);
        if (names is { Count: > 50 })
            throw AutoScalingErrors.Validation("ScheduledActionNames can name at most 50 actions.");
        var key = EcsResource.OptionalKey(resourceId, dimension);
        var all = (await store.ListAsync(AutoScalingKinds.ScheduledActions, new StoreQuery { Scope = key }, ct))
            .Select(a => a.Value.Action)
            .Where(a => names is not { Count: > 0 } || names.Contains(a.ScheduledActionName))
            .OrderBy(a => a.ResourceId, StringComparer.Ordinal).ThenBy(a => a.ScheduledActionName, StringComparer.Ordinal)
            .ToList();
        return AutoScalingPaging.Page(all, maxResults, nextToken, $"scheduled|{key}|{string.Join(',', names ?? [])}");
    }

    /// <summary>Newest first; "not scaled" records only when asked for.</summary>
    public async Task<(List<ScalingActivity> Activities, string? NextToken)> DescribeActivitiesAsync(string? serviceNamespace, string? resourceId,
        string? dimension, int? maxResults, string? nextToken, bool includeNotScaled, CancellationToken ct)
    {
        EcsResource.RequireNamespace(serviceNamespace);
        var key = EcsResource.OptionalKey(resourceId, dimension);
        var all = (await store.ListAsync(AutoScalingKinds.Activities, new StoreQuery { Scope = key, Descending = true }, ct))
            .Select(a => a.Value)
            .Where(a => includeNotScaled || a.NotScaledReasons is null)
            .OrderByDescending(a => a.StartTime)
            .ToList();
        return AutoScalingPaging.Page(all, maxResults, nextToken, $"activities|{key}|{includeNotScaled}");
    }
}
