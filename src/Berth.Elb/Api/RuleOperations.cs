using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class RuleOperations
{
    public static void Register(ServiceOperations ops, RuleService service)
    {
        ops.AddHandWrittenQuery("CreateRule", async (q, ct) =>
        {
            var rule = await service.CreateAsync(new CreateRuleRequest
            {
                ListenerArn = q.String("ListenerArn"),
                Priority = q.Int("Priority"),
                Conditions = ElbInput.Conditions(q),
                Actions = ElbInput.Actions(q, "Actions"),
                Tags = ElbInput.Tags(q),
            }, ct);
            return w => w.List("Rules", [rule], x => ElbXml.Rule(w, x));
        });
        ops.AddHandWrittenQuery("DescribeRules", async (q, ct) =>
        {
            var (found, next) = await service.DescribeAsync(q.String("ListenerArn"), q.Strings("RuleArns"), q.String("Marker"), q.Int("PageSize"), ct);
            return w =>
            {
                w.List("Rules", found, x => ElbXml.Rule(w, x));
                w.Value("NextMarker", next);
            };
        });
        ops.AddHandWrittenQuery("ModifyRule", async (q, ct) =>
        {
            if (q.Members("Transforms") is not null)
                throw ElbErrors.Validation("Rule transforms are not supported by Berth.");
            var rule = await service.ModifyAsync(q.String("RuleArn"), ElbInput.Conditions(q), ElbInput.Actions(q, "Actions"), ct);
            return w => w.List("Rules", [rule], x => ElbXml.Rule(w, x));
        });
        ops.AddHandWrittenQuery("DeleteRule", async (q, ct) =>
        {
            await service.DeleteAsync(q.String("RuleArn"), ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("SetRulePriorities", async (q, ct) =>
        {
            var pairs = q.Members("RulePriorities")?.Select(m => (m.String("RuleArn"), m.Int("Priority"))).ToList();
            var rules = await service.SetPrioritiesAsync(pairs, ct);
            return w => w.List("Rules", rules, x => ElbXml.Rule(w, x));
        });
    }
}
