using System.Text.Json.Serialization.Metadata;
using Berth.Kernel.Protocol;
using Berth.Kernel.Storage;

namespace Berth.AutoScaling.Api;

/// <summary>Application Auto Scaling (<c>AnyScaleFrontendService</c>) for ECS services' desired count.</summary>
public static class AutoScalingOperations
{
    public const string Prefix = "AnyScaleFrontendService";

    public static readonly AwsService Service = new() { SigningName = "application-autoscaling", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, ScalableTargetService targets, ScalingPolicyService policies, ScheduledActionService scheduled)
    {
        var j = AutoScalingApiJson.Default;
        Add(ops, "RegisterScalableTarget", j.RegisterScalableTargetResponse, async (r, ct) => new RegisterScalableTargetResponse(
            await targets.RegisterAsync(r.ServiceNamespace, r.ResourceId, r.ScalableDimension, r.MinCapacity, r.MaxCapacity, r.SuspendedState, r.RoleARN, r.Tags, ct)));
        Add(ops, "DeregisterScalableTarget", j.Empty, async (r, ct) =>
        {
            await targets.DeregisterAsync(r.ServiceNamespace, r.ResourceId, r.ScalableDimension, ct);
            return new Empty();
        });
        Add(ops, "DescribeScalableTargets", j.DescribeScalableTargetsResponse, async (r, ct) =>
        {
            var (list, next) = await targets.DescribeAsync(r.ServiceNamespace, r.ResourceIds, r.ScalableDimension, r.MaxResults, r.NextToken, ct);
            return new DescribeScalableTargetsResponse(list, next);
        });
        Add(ops, "PutScalingPolicy", j.PutScalingPolicyResponse, async (r, ct) =>
        {
            var p = await policies.PutAsync(new ScalingPolicyService.PutRequest(r.PolicyName, r.ServiceNamespace, r.ResourceId, r.ScalableDimension, r.PolicyType,
                r.StepScalingPolicyConfiguration, r.TargetTrackingScalingPolicyConfiguration, r.PredictiveScalingPolicyConfiguration is not null), ct);
            return new PutScalingPolicyResponse(p.PolicyARN, p.Alarms);
        });
        Add(ops, "DeleteScalingPolicy", j.Empty, async (r, ct) =>
        {
            await policies.DeleteAsync(r.PolicyName, r.ServiceNamespace, r.ResourceId, r.ScalableDimension, ct);
            return new Empty();
        });
        Add(ops, "DescribeScalingPolicies", j.DescribeScalingPoliciesResponse, async (r, ct) =>
        {
            var (list, next) = await policies.DescribeAsync(r.ServiceNamespace, r.PolicyNames, r.ResourceId, r.ScalableDimension, r.MaxResults, r.NextToken, ct);
            return new DescribeScalingPoliciesResponse(list, next);
        });
        Add(ops, "PutScheduledAction", j.Empty, async (r, ct) =>
        {
            await scheduled.PutAsync(new ScheduledActionService.PutRequest(r.ServiceNamespace, r.Schedule, r.Timezone, r.ScheduledActionName, r.ResourceId,
                r.ScalableDimension, r.StartTime, r.EndTime, r.ScalableTargetAction), ct);
            return new Empty();
        });
        Add(ops, "DeleteScheduledAction", j.Empty, async (r, ct) =>
        {
            await scheduled.DeleteAsync(r.ServiceNamespace, r.ScheduledActionName, r.ResourceId, r.ScalableDimension, ct);
            return new Empty();
        });
        Add(ops, "DescribeScheduledActions", j.DescribeScheduledActionsResponse, async (r, ct) =>
        {
            var (list, next) = await scheduled.DescribeAsync(r.ServiceNamespace, r.ScheduledActionNames, r.ResourceId, r.ScalableDimension, r.MaxResults, r.NextToken, ct);
            return new DescribeScheduledActionsResponse(list, next);
        });
        Add(ops, "DescribeScalingActivities", j.DescribeScalingActivitiesResponse, async (r, ct) =>
        {
            var (list, next) = await scheduled.DescribeActivitiesAsync(r.ServiceNamespace, r.ResourceId, r.ScalableDimension, r.MaxResults, r.NextToken,
                r.IncludeNotScaledActivities ?? false, ct);
            return new DescribeScalingActivitiesResponse(list, next);
        });
        Add(ops, "GetPredictiveScalingForecast", j.Empty, (_, _) =>
            throw AutoScalingErrors.Validation("Predictive scaling is not supported by Berth, so there is no forecast."));
        Add(ops, "TagResource", j.Empty, async (r, ct) =>
        {
            await targets.TagAsync(r.ResourceARN, r.Tags, ct);
            return new Empty();
        });
        Add(ops, "UntagResource", j.Empty, async (r, ct) =>
        {
            await targets.UntagAsync(r.ResourceARN, r.TagKeys, ct);
            return new Empty();
        });
        Add(ops, "ListTagsForResource", j.ListTagsForResourceResponse, async (r, ct) =>
            new ListTagsForResourceResponse(await targets.ListTagsAsync(r.ResourceARN, ct)));
    }

    /// <summary>Registers one operation; a lost store race is reported as this API's ConcurrentUpdateException.</summary>
    static void Add<TResponse>(ServiceOperations ops, string name, JsonTypeInfo<TResponse> response, Func<AutoScalingRequest, CancellationToken, Task<TResponse>> handler) =>
        ops.Add(name, AutoScalingApiJson.Default.AutoScalingRequest, response, async (r, ct) =>
        {
            try
            {
                return await handler(r, ct);
            }
            catch (ConcurrencyConflictException)
            {
                throw AutoScalingErrors.ConcurrentUpdate();
            }
        });
}
