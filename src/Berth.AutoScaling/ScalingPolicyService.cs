using System.Text.RegularExpressions;
using Berth.CloudWatch;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.AutoScaling;

/// <summary>PutScalingPolicy, DeleteScalingPolicy, DescribeScalingPolicies; target tracking policies write their alarms beside them.</summary>
public sealed partial class ScalingPolicyService(IStateStore store, Arns arns, AutoScalingOptions options, TimeProvider clock)
{
    const int MaxPoliciesPerTarget = 50;
    static readonly string[] Statistics = ["Average", "Minimum", "Maximum", "SampleCount", "Sum"];

    public sealed record PutRequest(
        string? PolicyName, string? ServiceNamespace, string? ResourceId, string? ScalableDimension, string? PolicyType,
        StepScalingPolicyConfiguration? Step, TargetTrackingScalingPolicyConfiguration? TargetTracking, bool PredictiveGiven);

    public async Task<ScalingPolicy> PutAsync(PutRequest req, CancellationToken ct)
    {
        var r = EcsResource.Parse(req.ServiceNamespace, req.ResourceId, req.ScalableDimension);
        if (string.IsNullOrEmpty(req.PolicyName) || req.PolicyName.Length > 256 || req.PolicyName.Any(char.IsControl) || req.PolicyName.Contains(':'))
            throw AutoScalingErrors.Validation("PolicyName is required: 1 to 256 printable characters, without ':'.");
        var type = req.PolicyType ?? "StepScaling";
        if (type == "PredictiveScaling" || req.PredictiveGiven)
            throw AutoScalingErrors.Validation("PredictiveScaling policies are not supported by Berth: use TargetTrackingScaling or StepScaling.");
        if (type == "TargetTrackingScaling")
        {
            if (req.Step is not null)
                throw AutoScalingErrors.Validation("StepScalingPolicyConfiguration cannot be given with PolicyType TargetTrackingScaling.");
            CheckTargetTracking(req.TargetTracking);
        }
        else if (type == "StepScaling")
        {
            if (req.TargetTracking is not null)
                throw AutoScalingErrors.Validation("TargetTrackingScalingPolicyConfiguration cannot be given with PolicyType StepScaling.");
            CheckStep(req.Step);
        }
        else
        {
            throw AutoScalingErrors.Validation($"Invalid PolicyType '{type}': use TargetTrackingScaling or StepScaling.");
        }

        if (await store.GetAsync(AutoScalingKinds.Targets, r.Key, ct) is null)
            throw AutoScalingErrors.ObjectNotFound($"No scalable target registered for {r.Describe()}");
        var existing = await store.GetAsync(AutoScalingKinds.Policies, r.Key + "|" + req.PolicyName, ct);
        if (existing is null && await store.CountAsync(AutoScalingKinds.Policies, new StoreQuery { Scope = r.Key }, ct) >= MaxPoliciesPerTarget)
            throw AutoScalingErrors.LimitExceeded($"A scalable target can have at most {MaxPoliciesPerTarget} scaling policies.");

        var now = clock.GetUtcNow();
        var policy = new ScalingPolicy
        {
            PolicyARN = existing?.Value.PolicyARN ?? AutoScalingArns.Policy(arns, r, req.PolicyName),
            PolicyName = req.PolicyName,
            ServiceNamespace = EcsResource.Namespace,
            ResourceId = r.ResourceId,
            ScalableDimension = EcsResource.Dimension,
            PolicyType = type,
            StepScalingPolicyConfiguration = req.Step,
            TargetTrackingScalingPolicyConfiguration = req.TargetTracking,
            CreationTime = existing?.Value.CreationTime ?? now,
        };
        // An update replaces the alarms: their thresholds and metric follow the new configuration.
        var writes = new List<StoreWrite>();
        if (existing is not null)
            writes.AddRange(await AlarmDeletesAsync(store, policy.PolicyARN, ct));
        if (type == "TargetTrackingScaling")
        {
            foreach (var alarm in TargetTrackingAlarms.Build(policy, arns, options.TargetTrackingPeriodSeconds, now))
            {
                policy.Alarms.Add(new Alarm(alarm.AlarmName, alarm.AlarmArn));
                writes.Add(StoreWrite.Insert(CloudWatchKinds.Alarms, alarm));
            }
        }
        writes.Add(existing is null ? StoreWrite.Insert(AutoScalingKinds.Policies, policy) : StoreWrite.Update(AutoScalingKinds.Policies, policy, existing.Version));
        await CommitAsync(writes, ct);
        return policy;
    }

    public async Task DeleteAsync(string? policyName, string? serviceNamespace, string? resourceId, string? dimension, CancellationToken ct)
    {
        var r = EcsResource.Parse(serviceNamespace, resourceId, dimension);
        if (string.IsNullOrEmpty(policyName))
            throw AutoScalingErrors.Validation("PolicyName is required.");
        var existing = await store.GetAsync(AutoScalingKinds.Policies, r.Key + "|" + policyName, ct)
            ?? throw AutoScalingErrors.ObjectNotFound($"No scaling policy found for {r.Describe()}, policy name: {policyName}");
        var writes = new List<StoreWrite> { StoreWrite.Delete(AutoScalingKinds.Policies, AutoScalingKinds.Policies.Id(existing.Value), existing.Version) };
        writes.AddRange(await AlarmDeletesAsync(store, existing.Value.PolicyARN, ct));
        await CommitAsync(writes, ct);
    }

    public async Task<(List<ScalingPolicy> Policies, string? NextToken)> DescribeAsync(string? serviceNamespace, List<string>? names,
        string? resourceId, string? dimension, int? maxResults, string? nextToken, CancellationToken ct)
    {
        EcsResource.RequireNamespace(serviceNamespace);
        if (names is { Count: > 50 })
            throw AutoScalingErrors.Validation("PolicyNames can name at most 50 policies.");
        var key = EcsResource.OptionalKey(resourceId, dimension);
        var all = (await store.ListAsync(AutoScalingKinds.Policies, new StoreQuery { Scope = key }, ct))
            .Select(p => p.Value)
            .Where(p => names is not { Count: > 0 } || names.Contains(p.PolicyName))
            .OrderBy(p => p.ResourceId, StringComparer.Ordinal).ThenBy(p => p.PolicyName, StringComparer.Ordinal)
            .ToList();
        return AutoScalingPaging.Page(all, maxResults, nextToken, $"policies|{key}|{string.Join(',', names ?? [])}", 10);
    }

    internal static async Task<List<StoreWrite>> AlarmDeletesAsync(IStateStore store, string policyArn, CancellationToken ct) =>
        (await store.ListAsync(CloudWatchKinds.Alarms, new StoreQuery { Scope = policyArn }, ct))
            .Select(a => StoreWrite.Delete(CloudWatchKinds.Alarms, a.Value.AlarmName, a.Version)).ToList();

    static void CheckTargetTracking(TargetTrackingScalingPolicyConfiguration? c)
    {
        if (c is null)
            throw AutoScalingErrors.Validation("TargetTrackingScalingPolicyConfiguration is required for PolicyType TargetTrackingScaling.");
        if (c.TargetValue is not { } target || double.IsNaN(target) || target < 8.515920e-109 || target > 1.174271e+108)
            throw AutoScalingErrors.Validation("TargetValue is required and must be between 8.515920e-109 and 1.174271e+108.");
        CheckCooldown(c.ScaleOutCooldown, "ScaleOutCooldown");
        CheckCooldown(c.ScaleInCooldown, "ScaleInCooldown");
        if ((c.PredefinedMetricSpecification is null) == (c.CustomizedMetricSpecification is null))
            throw AutoScalingErrors.Validation("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification is required.");
        if (c.PredefinedMetricSpecification is { } p)
        {
            switch (p.PredefinedMetricType)
            {
                case "ECSServiceAverageCPUUtilization" or "ECSServiceAverageMemoryUtilization":
                    if (p.ResourceLabel is not null)
                        throw AutoScalingErrors.Validation($"ResourceLabel is only valid with PredefinedMetricType ALBRequestCountPerTarget, not {p.PredefinedMetricType}.");
                    break;
                case "ALBRequestCountPerTarget":
                    if (p.ResourceLabel is null || !ResourceLabelPattern().IsMatch(p.ResourceLabel))
                        throw AutoScalingErrors.Validation("ALBRequestCountPerTarget needs ResourceLabel app/LOAD-BALANCER/ID/targetgroup/TARGET-GROUP/ID.");
                    break;
                case null or "":
                    throw AutoScalingErrors.Validation("PredefinedMetricType is required.");
                default:
                    throw AutoScalingErrors.Validation($"Unsupported PredefinedMetricType '{p.PredefinedMetricType}' for service namespace ecs: use ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget.");
            }
        }
        if (c.CustomizedMetricSpecification is { } m)
        {
            if (m.Metrics is not null)
                throw AutoScalingErrors.Validation("Metric math (CustomizedMetricSpecification.Metrics) is not supported by Berth: name one metric with MetricName and Namespace.");
            if (string.IsNullOrEmpty(m.MetricName) || string.IsNullOrEmpty(m.Namespace))
                throw AutoScalingErrors.Validation("CustomizedMetricSpecification needs MetricName and Namespace.");
            if (m.Statistic is null || !Statistics.Contains(m.Statistic))
                throw AutoScalingErrors.Validation("CustomizedMetricSpecification needs a Statistic: Average, Minimum, Maximum, SampleCount or Sum.");
            if (m.Dimensions?.Any(d => d is null || string.IsNullOrEmpty(d.Name) || d.Value is null) == true)
                throw AutoScalingErrors.Validation("Every metric dimension needs a Name and a Value.");
        }
    }

    static void CheckStep(StepScalingPolicyConfiguration? c)
    {
        if (c is null)
            throw AutoScalingErrors.Validation("StepScalingPolicyConfiguration is required for PolicyType StepScaling.");
        if (c.AdjustmentType is not ("ChangeInCapacity" or "PercentChangeInCapacity" or "ExactCapacity"))
            throw AutoScalingErrors.Validation("AdjustmentType is required: ChangeInCapacity, PercentChangeInCapacity or ExactCapacity.");
        if (PolicyMath.CheckSteps(c.StepAdjustments ?? []) is { } problem)
            throw AutoScalingErrors.Validation(problem);
        if (c.MinAdjustmentMagnitude is { } m && (m < 1 || c.AdjustmentType != "PercentChangeInCapacity"))
            throw AutoScalingErrors.Validation("MinAdjustmentMagnitude must be at least 1 and is only valid with AdjustmentType PercentChangeInCapacity.");
        CheckCooldown(c.Cooldown, "Cooldown");
        if (c.MetricAggregationType is not (null or "Average" or "Minimum" or "Maximum"))
            throw AutoScalingErrors.Validation("MetricAggregationType must be Average, Minimum or Maximum.");
    }

    static void CheckCooldown(int? seconds, string name)
    {
        if (seconds is < 0 or > 86400)
            throw AutoScalingErrors.Validation($"{name} must be between 0 and 86400 seconds.");
    }

    async Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct)
    {
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AutoScalingErrors.ConcurrentUpdate();
        }
    }

    [GeneratedRegex(@"^app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+$")]
    private static partial Regex ResourceLabelPattern();
}
