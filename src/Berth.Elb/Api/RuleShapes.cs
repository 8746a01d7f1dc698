using System.Text.Json;
using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

// The rule operations' wire shapes, members as in the botocore model; conditions are in ConditionShapes.cs.

internal sealed record CreateRuleInput
{
    public string? ListenerArn { get; set; }
    public List<RuleConditionShape>? Conditions { get; set; }
    public int? Priority { get; set; }
    public List<ActionShape>? Actions { get; set; }
    public List<Tag>? Tags { get; set; }

    public CreateRuleRequest ToRequest() => new()
    {
        ListenerArn = ListenerArn,
        Priority = Priority,
        Conditions = RuleConditionShape.ToInputs(Conditions),
        Actions = ActionShape.ToActions(Actions),
        Tags = Tags,
    };
}

internal sealed record ModifyRuleInput
{
    public string? RuleArn { get; set; }
    public List<RuleConditionShape>? Conditions { get; set; }
    public List<ActionShape>? Actions { get; set; }
    /// <summary>Read only to be refused: Berth does not rewrite hosts or URLs.</summary>
    public List<JsonElement>? Transforms { get; set; }
}

internal sealed record DescribeRulesInput
{
    public string? ListenerArn { get; set; }
    public List<string>? RuleArns { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

internal sealed record RuleArnInput
{
    public string? RuleArn { get; set; }
}

internal sealed record SetRulePrioritiesInput
{
    public List<RulePriorityPair>? RulePriorities { get; set; }
}

internal sealed record RulePriorityPair
{
    public string? RuleArn { get; set; }
    public int? Priority { get; set; }
}

/// <summary>Create, Modify and SetRulePriorities (no marker) and Describe.</summary>
internal sealed record RulesOutput(List<RuleShape> Rules, string? NextMarker = null);

internal sealed record RuleShape(string RuleArn, string Priority, List<RuleConditionShape> Conditions, List<ActionShape> Actions, bool IsDefault)
{
    public static RuleShape From(RuleDescription r) =>
        new(r.RuleArn, r.Priority, r.Conditions.Select(RuleConditionShape.From).ToList(), ActionShape.From(r.Actions), r.IsDefault);
}
