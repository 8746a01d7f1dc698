using Berth.CloudWatch;
using Berth.Ecs;
using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Observability;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.AutoScaling;

/// <summary>
/// The scaler: a level-triggered loop over every scalable target. Each pass, per target: finish a change a crash
/// interrupted, run due scheduled actions, clamp the desired count into a newly set range, then act on the
/// policies whose alarms are in ALARM. Everything it remembers (cooldowns, last runs, a change in flight) is in
/// the store, so a new process carries on where a killed one stopped.
/// </summary>
public sealed partial class AutoScaler(
    IStateStore store, IMetricStore metrics, ServiceService services, AutoScalingOptions options, TimeProvider clock, ILogger<AutoScaler> log) : IController
{
    static readonly TimeSpan NoticeRepeat = TimeSpan.FromMinutes(5);
    readonly ControllerLoop _loop = new("auto-scaler", clock, log);
    DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Scaling activities are kept this long, as AWS keeps them (six weeks).</summary>
    public TimeSpan ActivityRetention { get; init; } = TimeSpan.FromDays(42);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(options.PassInterval, PassAsync, ct);

    /// <summary>One pass over every scalable target; a failure with one is logged and does not hold up the others.</summary>
    public async Task PassAsync(CancellationToken ct)
    {
        var targets = await store.ListAsync(AutoScalingKinds.Targets, new StoreQuery(), ct);
        if (targets.Count == 0)
            return;
        var alarms = await store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery { Statuses = ["ALARM"] }, ct);
        var alarming = alarms.Select(a => a.Value).Where(a => a.ActionsEnabled)
            .SelectMany(a => a.AlarmActions.Select(action => (action, a))).ToLookup(x => x.action, x => x.a);
        await PruneActivitiesAsync(ct);
        foreach (var t in targets)
        {
            try
            {
                await ReconcileAsync(t.Value.Target, alarming, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // Someone changed the target meanwhile; the next pass sees their version.
            }
            catch (Exception e)
            {
                ControllerMetrics.RecordError("auto-scaler");
                LogTargetFailed(log, e, t.Value.Target.ResourceId);
            }
        }
    }

    /// <summary>At most hourly: drops finished activities older than the retention (a restart just prunes again).</summary>
    async Task PruneActivitiesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1))
            return;
        _lastPrune = now;
        try
        {
            var expired = (await store.ListAsync(AutoScalingKinds.Activities, new StoreQuery(), ct))
                .Where(a => a.Value.StatusCode != "InProgress" && a.Value.StartTime < now - ActivityRetention)
                .Select(a => StoreWrite.Delete(AutoScalingKinds.Activities, a.Value.ActivityId, a.Version))
                .ToList();
            foreach (var chunk in expired.Chunk(100))
                await store.CommitAsync(chunk, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ControllerMetrics.RecordError("auto-scaler");
            LogPassFailed(log, e);
        }
    }

    async Task ReconcileAsync(ScalableTarget target, ILookup<string, MetricAlarm> alarming, CancellationToken ct)
    {
        var key = AutoScalingKinds.TargetKey(target);
        var now = clock.GetUtcNow();
        if (await store.GetAsync(AutoScalingKinds.Targets, key, ct) is not { } stored)
            return;
        if (stored.Value.State.PendingActivityId is not null)
        {
            await ApplyPendingAsync(stored, ct);
            return;
        }
        if (await RunScheduledAsync(stored, now, ct))
            return; // the next pass clamps into the new range

        var r = EcsResource.ParseId(target.ResourceId);
        var service = (await store.GetAsync(EcsKinds.Services, $"{r.Cluster}/{r.Service}", ct))?.Value.Service;
        var t = stored.Value.Target;
        var range = $"{t.MinCapacity}-{t.MaxCapacity}";
        if (stored.Value.State.EnforcedRange != range)
        {
            if (await ClampAsync(stored, service, range, now, ct) || await store.GetAsync(AutoScalingKinds.Targets, key, ct) is not { } reread)
                return;
            stored = reread;
        }

        var triggers = await TriggersAsync(key, alarming, now, ct);
        if (triggers.Count == 0)
            return;
        if (service is not { Status: "ACTIVE" })
        {
            await NoticeAsync(stored, $"Failed to set desired count. ECS service {t.ResourceId} was not found or is not ACTIVE.", triggers[0].Cause, null, now, ct);
            return;
        }
        var decision = ScalingDecision.Decide(service.DesiredCount, t, stored.Value.State, triggers, now);
        if (decision.NotScaled is { } reason)
        {
            var message = $"Failed to set desired count to {decision.Proposed}";
            await NoticeAsync(stored, message, decision.Cause!.Cause, reason, now, ct, $"Setting desired count to {decision.Proposed}.");
        }
        else if (decision.NewCapacity is { } capacity)
        {
            var state = stored.Value.State;
            if (decision.ScaleOut)
            {
                var inCooldown = state.LastScaleOutAt is { } o && o.AddSeconds(state.ScaleOutCooldown) > now;
                state.ScaleOutFrom = inCooldown && state.ScaleOutFrom is { } from ? from : service.DesiredCount;
                state.LastScaleOutAt = now;
                state.ScaleOutCooldown = decision.Cause!.ScaleOutCooldown;
            }
            else
            {
                state.LastScaleInAt = now;
                state.ScaleInCooldown = decision.Cause!.ScaleInCooldown;
            }
            await BeginChangeAsync(stored, capacity, decision.Cause.Cause, now, ct);
        }
    }

    async Task<List<Trigger>> TriggersAsync(string key, ILookup<string, MetricAlarm> alarming, DateTimeOffset now, CancellationToken ct)
    {
        var triggers = new List<Trigger>();
        foreach (var p in await store.ListAsync(AutoScalingKinds.Policies, new StoreQuery { Scope = key }, ct))
        {
            foreach (var alarm in alarming[p.Value.PolicyARN])
            {
                var aggregation = p.Value.StepScalingPolicyConfiguration?.MetricAggregationType;
                if (await MetricWindow.LatestAsync(metrics, alarm, aggregation, now, ct) is { } value)
                    triggers.Add(new Trigger(p.Value, alarm, value));
            }
        }
        return triggers;
    }

    /// <summary>Runs the due scheduled actions (one commit each: the range, the action's last run, the activity). True when any ran.</summary>
    async Task<bool> RunScheduledAsync(Stored<ScalableTargetRecord> stored, DateTimeOffset now, CancellationToken ct)
    {
        var key = AutoScalingKinds.TargetKey(stored.Value.Target);
        var due = (await store.ListAsync(AutoScalingKinds.ScheduledActions, new StoreQuery { Scope = key }, ct))
            .Select(a => (Action: a, At: ScheduledRuns.Due(a.Value, now)))
            .Where(x => x.At is not null)
            .OrderBy(x => x.At)
            .ToList();
        if (due.Count == 0)
            return false;
        var record = stored.Value;
        var suspended = record.Target.SuspendedState?.ScheduledScalingSuspended == true;
        var writes = new List<StoreWrite>();
        foreach (var (action, at) in due)
        {
            action.Value.LastFiredAt = at;
            writes.Add(StoreWrite.Update(AutoScalingKinds.ScheduledActions, action.Value, action.Version));
            if (suspended || action.Value.Action.ScalableTargetAction is not { } change)
                continue; // a suspended schedule lets its occurrences pass without acting
            var (min, max) = ScheduledRuns.Range(record.Target, change);
            record.Target.MinCapacity = min;
            record.Target.MaxCapacity = max;
            writes.Add(StoreWrite.Insert(AutoScalingKinds.Activities, Activity(record.Target, now,
                $"Setting min capacity to {min} and max capacity to {max}",
                $"scheduled action name {action.Value.Action.ScheduledActionName} was triggered",
                "Successful", $"Successfully set min capacity to {min} and max capacity to {max}")));
            LogScheduled(log, record.Target.ResourceId, action.Value.Action.ScheduledActionName, min, max);
        }
        writes.Add(StoreWrite.Update(AutoScalingKinds.Targets, record, stored.Version));
        await store.CommitAsync(writes, ct);
        return true;
    }

    /// <summary>Clamps the desired count into a range it has not yet been clamped into; true when that changed the service.</summary>
    async Task<bool> ClampAsync(Stored<ScalableTargetRecord> stored, EcsService? service, string range, DateTimeOffset now, CancellationToken ct)
    {
        var t = stored.Value.Target;
        stored.Value.State.EnforcedRange = range;
        if (service is { Status: "ACTIVE" } && PolicyMath.Clamp(service.DesiredCount, t.MinCapacity, t.MaxCapacity) is var clamped && clamped != service.DesiredCount)
        {
            var cause = clamped == t.MinCapacity && service.DesiredCount < t.MinCapacity
                ? $"minimum capacity was set to {t.MinCapacity}"
                : $"maximum capacity was set to {t.MaxCapacity}";
            await BeginChangeAsync(stored, clamped, cause, now, ct);
            return true;
        }
        await store.CommitAsync(StoreWrite.Update(AutoScalingKinds.Targets, stored.Value, stored.Version), ct);
        return false;
    }

    /// <summary>Records the intent (target state and an InProgress activity) in one commit, then sets the desired count.</summary>
    async Task BeginChangeAsync(Stored<ScalableTargetRecord> stored, int capacity, string cause, DateTimeOffset now, CancellationToken ct)
    {
        var activity = Activity(stored.Value.Target, now, $"Setting desired count to {capacity}.", cause, "InProgress", null);
        stored.Value.State.PendingActivityId = activity.ActivityId;
        stored.Value.State.PendingCapacity = capacity;
        stored.Value.State.LastNotice = null;
        await store.CommitAsync([StoreWrite.Update(AutoScalingKinds.Targets, stored.Value, stored.Version), StoreWrite.Insert(AutoScalingKinds.Activities, activity)], ct);
        LogScaling(log, stored.Value.Target.ResourceId, capacity, cause);
        var again = await store.GetAsync(AutoScalingKinds.Targets, AutoScalingKinds.TargetKey(stored.Value.Target), ct);
        if (again is not null)
            await ApplyPendingAsync(again, ct);
    }

    /// <summary>Sets the desired count recorded as pending (idempotent: an absolute count), then completes its activity.</summary>
    async Task ApplyPendingAsync(Stored<ScalableTargetRecord> stored, CancellationToken ct)
    {
        var state = stored.Value.State;
        var capacity = state.PendingCapacity ?? 0;
        var r = EcsResource.ParseId(stored.Value.Target.ResourceId);
        string status, message;
        try
        {
            await services.UpdateAsync(new UpdateServiceRequest { Cluster = r.Cluster, Service = r.Service, DesiredCount = capacity }, ct);
            (status, message) = ("Successful", $"Successfully set desired count to {capacity}. Change successfully fulfilled by ecs.");
        }
        catch (AwsException e)
        {
            (status, message) = ("Failed", $"Failed to set desired count to {capacity}. {e.Code}: {e.Message}");
        }
        var now = clock.GetUtcNow();
        var activityId = state.PendingActivityId!;
        await store.MutateAsync(AutoScalingKinds.Activities, activityId, (a, _) =>
        {
            a.StatusCode = status;
            a.StatusMessage = message;
            a.EndTime = now;
            return a;
        }, ct);
        await store.MutateAsync(AutoScalingKinds.Targets, AutoScalingKinds.TargetKey(stored.Value.Target), (t, _) =>
        {
            if (t.State.PendingActivityId != activityId)
                return null;
            t.State.PendingActivityId = null;
            t.State.PendingCapacity = null;
            return t;
        }, ct);
    }

    /// <summary>A not-scaled reason or failure, recorded once while it lasts (again after a while), not every pass.</summary>
    async Task NoticeAsync(Stored<ScalableTargetRecord> stored, string message, string cause, NotScaledReason? reason, DateTimeOffset now, CancellationToken ct,
        string description = "Setting desired count.")
    {
        var state = stored.Value.State;
        var signature = $"{reason?.Code}|{message}";
        if (state.LastNotice == signature && state.LastNoticeAt + NoticeRepeat > now)
            return;
        state.LastNotice = signature;
        state.LastNoticeAt = now;
        var activity = Activity(stored.Value.Target, now, description, cause, "Failed", message);
        activity.EndTime = now;
        if (reason is not null)
            activity.NotScaledReasons = [reason];
        await store.CommitAsync([StoreWrite.Update(AutoScalingKinds.Targets, stored.Value, stored.Version), StoreWrite.Insert(AutoScalingKinds.Activities, activity)], ct);
    }

    static ScalingActivity Activity(ScalableTarget t, DateTimeOffset now, string description, string cause, string status, string? message) => new()
    {
        ActivityId = Guid.NewGuid().ToString(),
        ServiceNamespace = t.ServiceNamespace,
        ResourceId = t.ResourceId,
        ScalableDimension = t.ScalableDimension,
        Description = description,
        Cause = cause,
        StartTime = now,
        EndTime = status == "InProgress" ? null : now,
        StatusCode = status,
        StatusMessage = message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Auto scaling pass failed")]
    static partial void LogPassFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Auto scaling of {ResourceId} failed")]
    static partial void LogTargetFailed(ILogger logger, Exception e, string resourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scaling {ResourceId} to {Capacity}: {Cause}")]
    static partial void LogScaling(ILogger logger, string resourceId, int capacity, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled action {Name} on {ResourceId}: min {Min}, max {Max}")]
    static partial void LogScheduled(ILogger logger, string resourceId, string name, int min, int max);
}
