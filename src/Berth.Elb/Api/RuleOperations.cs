using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class RuleOperations
{
    public static void Register(ServiceOperations ops, RuleService service)
    {
        var j = ElbWireJson.Default;
        ops.Add("CreateRule", j.CreateRuleInput, j.RulesOutput, async (r, ct) =>
            new RulesOutput([RuleShape.From(await service.CreateAsync(r.ToRequest(), ct))]),
            access: r => ElbAccess.On("CreateRule", [r.ListenerArn], r.Tags));
        ops.Add("DescribeRules", j.DescribeRulesInput, j.RulesOutput, async (r, ct) =>
        {
            var (found, next) = await service.DescribeAsync(r.ListenerArn, r.RuleArns, r.Marker, r.PageSize, ct);
            return new RulesOutput(found.Select(RuleShape.From).ToList(), next);
        });
        ops.Add("ModifyRule", j.ModifyRuleInput, j.RulesOutput, async (r, ct) =>
        {
            if (r.Transforms is not null)
                throw ElbErrors.Validation("Rule transforms are not supported by Berth.");
            var rule = await service.ModifyAsync(r.RuleArn, RuleConditionShape.ToInputs(r.Conditions), ActionShape.ToActions(r.Actions), ct);
            return new RulesOutput([RuleShape.From(rule)]);
        },
            access: r => ElbAccess.On("ModifyRule", r.RuleArn));
        ops.Add("DeleteRule", j.RuleArnInput, j.ElbEmpty, async (r, ct) =>
        {
            await service.DeleteAsync(r.RuleArn, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("DeleteRule", r.RuleArn));
        ops.Add("SetRulePriorities", j.SetRulePrioritiesInput, j.RulesOutput, async (r, ct) =>
        {
            var rules = await service.SetPrioritiesAsync(r.RulePriorities?.Select(p => (p.RuleArn, p.Priority)).ToList(), ct);
            return new RulesOutput(rules.Select(RuleShape.From).ToList());
        },
            access: r => ElbAccess.On("SetRulePriorities", r.RulePriorities?.Select(p => p.RuleArn)));
    }
}
