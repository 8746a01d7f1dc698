using System.Text.Json.Serialization;
using Berth.Kernel.Json;

namespace Berth.Elb.Api;

/// <summary>An answer with no members (the Delete operations, RegisterTargets, AddTags, ...).</summary>
internal sealed record ElbEmpty;

/// <summary>
/// The contracts the Query codec reads ELBv2 requests into and writes answers from: the model's PascalCase names and
/// epoch-second times (written as ISO 8601 by the codec). Apart from the store's camelCase documents (<c>ElbJson</c>).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ElbEmpty))]
[JsonSerializable(typeof(CreateLoadBalancerInput))]
[JsonSerializable(typeof(DescribeLoadBalancersInput))]
[JsonSerializable(typeof(LoadBalancerArnInput))]
[JsonSerializable(typeof(ModifyLoadBalancerAttributesInput))]
[JsonSerializable(typeof(ModifyListenerAttributesInput))]
[JsonSerializable(typeof(PagedInput))]
[JsonSerializable(typeof(AccountLimitsOutput))]
[JsonSerializable(typeof(SslPoliciesInput))]
[JsonSerializable(typeof(SslPoliciesOutput))]
[JsonSerializable(typeof(LoadBalancersOutput))]
[JsonSerializable(typeof(AttributesOutput))]
[JsonSerializable(typeof(SetSecurityGroupsInput))]
[JsonSerializable(typeof(SetSecurityGroupsOutput))]
[JsonSerializable(typeof(SetSubnetsInput))]
[JsonSerializable(typeof(SetSubnetsOutput))]
[JsonSerializable(typeof(CreateTargetGroupInput))]
[JsonSerializable(typeof(ModifyTargetGroupInput))]
[JsonSerializable(typeof(DescribeTargetGroupsInput))]
[JsonSerializable(typeof(TargetGroupArnInput))]
[JsonSerializable(typeof(ModifyTargetGroupAttributesInput))]
[JsonSerializable(typeof(TargetGroupsOutput))]
[JsonSerializable(typeof(TargetsInput))]
[JsonSerializable(typeof(DescribeTargetHealthInput))]
[JsonSerializable(typeof(DescribeTargetHealthOutput))]
[JsonSerializable(typeof(CreateListenerInput))]
[JsonSerializable(typeof(ModifyListenerInput))]
[JsonSerializable(typeof(DescribeListenersInput))]
[JsonSerializable(typeof(ListenerArnInput))]
[JsonSerializable(typeof(ListenersOutput))]
[JsonSerializable(typeof(CreateRuleInput))]
[JsonSerializable(typeof(ModifyRuleInput))]
[JsonSerializable(typeof(DescribeRulesInput))]
[JsonSerializable(typeof(RuleArnInput))]
[JsonSerializable(typeof(SetRulePrioritiesInput))]
[JsonSerializable(typeof(RulesOutput))]
[JsonSerializable(typeof(AddTagsInput))]
[JsonSerializable(typeof(RemoveTagsInput))]
[JsonSerializable(typeof(DescribeTagsInput))]
[JsonSerializable(typeof(DescribeTagsOutput))]
internal sealed partial class ElbWireJson : JsonSerializerContext;
