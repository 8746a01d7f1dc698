using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Json;

namespace Berth.AutoScaling.Api;

// Request and response shapes of Application Auto Scaling (AWS JSON 1.1, member names as the model spells them).

/// <summary>Every member any operation reads; each operation looks only at its own.</summary>
public sealed record AutoScalingRequest
{
    public string? ServiceNamespace { get; set; }
    public string? ResourceId { get; set; }
    public string? ScalableDimension { get; set; }
    public int? MinCapacity { get; set; }
    public int? MaxCapacity { get; set; }
    public string? RoleARN { get; set; }
    public SuspendedState? SuspendedState { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public List<string>? ResourceIds { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public string? PolicyName { get; set; }
    public List<string>? PolicyNames { get; set; }
    public string? PolicyType { get; set; }
    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; set; }
    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
    public JsonElement? PredictiveScalingPolicyConfiguration { get; set; }
    public string? Schedule { get; set; }
    public string? Timezone { get; set; }
    public string? ScheduledActionName { get; set; }
    public List<string>? ScheduledActionNames { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public ScalableTargetAction? ScalableTargetAction { get; set; }
    public bool? IncludeNotScaledActivities { get; set; }
    public string? ResourceARN { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed record Empty;

public sealed record RegisterScalableTargetResponse(string ScalableTargetARN);

public sealed record DescribeScalableTargetsResponse(List<ScalableTarget> ScalableTargets, string? NextToken);

public sealed record PutScalingPolicyResponse(string PolicyARN, List<Alarm> Alarms);

public sealed record DescribeScalingPoliciesResponse(List<ScalingPolicy> ScalingPolicies, string? NextToken);

public sealed record DescribeScheduledActionsResponse(List<ScheduledAction> ScheduledActions, string? NextToken);

public sealed record DescribeScalingActivitiesResponse(List<ScalingActivity> ScalingActivities, string? NextToken);

public sealed record ListTagsForResourceResponse(Dictionary<string, string> Tags);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AutoScalingRequest))]
[JsonSerializable(typeof(Empty))]
[JsonSerializable(typeof(RegisterScalableTargetResponse))]
[JsonSerializable(typeof(DescribeScalableTargetsResponse))]
[JsonSerializable(typeof(PutScalingPolicyResponse))]
[JsonSerializable(typeof(DescribeScalingPoliciesResponse))]
[JsonSerializable(typeof(DescribeScheduledActionsResponse))]
[JsonSerializable(typeof(DescribeScalingActivitiesResponse))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
internal sealed partial class AutoScalingApiJson : JsonSerializerContext;
