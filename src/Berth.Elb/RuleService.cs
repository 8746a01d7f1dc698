using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Elb;

/// <summary>
/// CreateRule, DescribeRules, ModifyRule, DeleteRule and SetRulePriorities. A listener's default rule is not stored:
/// it is the listener's default actions, shown with priority "default" under an ARN derived from the listener's.
/// </summary>
public sealed class RuleService(IStateStore store, ActionValidator actions, ILoadBalancerDataPlane dataPlane)
{
    public const int MaxRulesPerListener = 100;

    /// <summary>The default rule's ARN: stable, so it can be named in DescribeRules without being stored.</summary>
    public static string DefaultRuleArn(string listenerArn) =>
        Arns.ListenerRule(listenerArn, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listenerArn)))[..16]);

    public async Task<RuleDescription> CreateAsync(CreateRuleRequest r, CancellationToken ct)
    {
        var listenerArn = ElbNames.ListenerArn(r.ListenerArn);
        var priority = ElbRefusals.Range(r.Priority, "priority", 1, 50000);
        if (r.Conditions is null)
            throw ElbRefusals.Missing("conditions");
        var conditions = RuleConditions.Normalize(r.Conditions);
        var tagList = ElbTags.Validate(r.Tags);
        var listener = (await store.GetAsync(ElbKinds.Listeners, listenerArn, ct))?.Value ?? throw ElbErrors.ListenerNotFound(listenerArn);
        var ruleActions = await actions.ValidateAsync(r.Actions, "actions", listener.LoadBalancerArn, ct);
        var rules = await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery { Scope = listenerArn }, ct);
        if (rules.Any(x => x.Value.Priority == priority))
            throw PriorityInUse(priority);
        if (rules.Count >= MaxRulesPerListener)
            throw new AwsException("TooManyRules", $"A listener can have at most {MaxRulesPerListener} rules besides its default rule.");
        var rule = new ListenerRule { RuleArn = Arns.ListenerRule(listenerArn, Arns.NewElbId()), ListenerArn = listenerArn, Priority = priority, Conditions = conditions, Actions = ruleActions };
        var writes = new List<StoreWrite> { StoreWrite.Insert(ElbKinds.ListenerRules, rule) };
        if (TagService.Initial(rule.RuleArn, tagList) is { } tagWrite)
            writes.Add(tagWrite);
        await store.CommitAsync(writes, ct);
        dataPlane.Notify();
        return Describe(rule);
    }

    public async Task<(List<RuleDescription> Rules, string? NextMarker)> DescribeAsync(
        string? listenerArn, IReadOnlyList<string>? ruleArns, string? marker, int? pageSize, CancellationToken ct)
    {
        var found = new List<RuleDescription>();
        if (ruleArns is { Count: > 0 })
        {
            if (listenerArn is not null)
                throw ElbErrors.Validation("Rule ARNs and a listener ARN cannot be specified at the same time");
            foreach (var arn in ruleArns.Distinct(StringComparer.Ordinal))
                found.Add(await RequireAsync(arn, ct, "ruleArns.member"));
        }
        else if (listenerArn is not null)
        {
            var listener = (await store.GetAsync(ElbKinds.Listeners, ElbNames.ListenerArn(listenerArn), ct))?.Value ?? throw ElbErrors.ListenerNotFound(listenerArn);
            found.AddRange((await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery { Scope = listenerArn }, ct)).Select(x => x.Value).OrderBy(x => x.Priority).Select(Describe));
            found.Add(DefaultRule(listener));
        }
        else
        {
            throw ElbErrors.Validation("You must specify either listener rule ARNs or a listener ARN");
        }
        return ElbPaging.Page(found, marker, pageSize, $"rules|{listenerArn}|{string.Join(',', ruleArns ?? [])}");
    }

    public async Task<RuleDescription> ModifyAsync(string? ruleArn, IReadOnlyList<RuleConditionInput>? conditions, IReadOnlyList<ElbAction>? newActions, CancellationToken ct)
    {
        var described = await RequireAsync(ruleArn, ct);
        if (described.IsDefault)
            throw ElbRefusals.NotPermitted("The default rule of a listener cannot be modified; change the listener's default actions with ModifyListener.");
        var stored = (await store.GetAsync(ElbKinds.ListenerRules, described.RuleArn, ct))?.Value ?? throw ElbErrors.RuleNotFound(ruleArn);
        var listener = (await store.GetAsync(ElbKinds.Listeners, stored.ListenerArn, ct))?.Value ?? throw ElbErrors.RuleNotFound(ruleArn);
        var normalized = conditions is null ? null : RuleConditions.Normalize(conditions);
        var validated = newActions is null ? null : await actions.ValidateAsync(newActions, "actions", listener.LoadBalancerArn, ct);
        var updated = await store.MutateAsync(ElbKinds.ListenerRules, stored.RuleArn,
            (x, _) => x with { Conditions = normalized ?? x.Conditions, Actions = validated ?? x.Actions }, ct) ?? throw ElbErrors.RuleNotFound(ruleArn);
        dataPlane.Notify();
        return Describe(updated);
    }

    public async Task DeleteAsync(string? ruleArn, CancellationToken ct)
    {
        var described = await RequireAsync(ruleArn, ct);
        if (described.IsDefault)
            throw ElbRefusals.NotPermitted("The default rule of a listener cannot be deleted; it goes with the listener.");
        var stored = await store.GetAsync(ElbKinds.ListenerRules, described.RuleArn, ct) ?? throw ElbErrors.RuleNotFound(ruleArn);
        var writes = new List<StoreWrite> { StoreWrite.Delete(ElbKinds.ListenerRules, described.RuleArn, stored.Version) };
        writes.AddRange(await LoadBalancerService.TagDeletesAsync(store, [described.RuleArn], ct));
        try
        {
            await store.CommitAsync(writes, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw ElbErrors.RuleNotFound(ruleArn);
        }
        dataPlane.Notify();
    }

    /// <summary>Moves rules to new priorities all at once; a priority held by a rule not being moved is refused.</summary>
    public async Task<List<RuleDescription>> SetPrioritiesAsync(IReadOnlyList<(string? RuleArn, int? Priority)>? pairs, CancellationToken ct)
    {
        if (pairs is null)
            throw ElbRefusals.Missing("rulePriorities");
        if (pairs.Count == 0)
            throw ElbErrors.Validation("RulePriorities must name at least one rule.");
        var moves = new List<(Stored<ListenerRule> Rule, int Priority)>();
        foreach (var (arn, priority) in pairs)
        {
            var p = ElbRefusals.Range(priority, "rulePriorities.member.priority", 1, 50000);
            var described = await RequireAsync(arn, ct, "rulePriorities.member.ruleArn");
            if (described.IsDefault)
                throw ElbRefusals.NotPermitted("The priority of a listener's default rule cannot be changed.");
            if (moves.Any(m => m.Rule.Value.RuleArn == described.RuleArn))
                throw ElbErrors.Validation($"Rule '{arn}' is named more than once.");
            moves.Add((await store.GetAsync(ElbKinds.ListenerRules, described.RuleArn, ct) ?? throw ElbErrors.RuleNotFound(arn), p));
        }
        foreach (var byListener in moves.GroupBy(m => m.Rule.Value.ListenerArn))
        {
            if (byListener.GroupBy(m => m.Priority).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw PriorityInUse(twice.Key);
            var moving = byListener.Select(m => m.Rule.Value.RuleArn).ToHashSet(StringComparer.Ordinal);
            var staying = (await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery { Scope = byListener.Key }, ct)).Where(x => !moving.Contains(x.Value.RuleArn));
            if (staying.FirstOrDefault(x => byListener.Any(m => m.Priority == x.Value.Priority)) is { } holder)
                throw PriorityInUse(holder.Value.Priority);
        }
        var updated = moves.Select(m => (m.Rule, Value: m.Rule.Value with { Priority = m.Priority })).ToList();
        try
        {
            await store.CommitAsync(updated.Select(u => StoreWrite.Update(ElbKinds.ListenerRules, u.Value, u.Rule.Version)).ToList(), ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("PriorRequestNotComplete", "The rules changed while their priorities were being set; try again.", 429);
        }
        dataPlane.Notify();
        return updated.Select(u => Describe(u.Value)).ToList();
    }

    /// <summary>A stored rule or a listener's default rule, by ARN.</summary>
    async Task<RuleDescription> RequireAsync(string? ruleArn, CancellationToken ct, string member = "ruleArn")
    {
        var arn = ElbNames.RuleArn(ruleArn, member);
        if (await store.GetAsync(ElbKinds.ListenerRules, arn, ct) is { } stored)
            return Describe(stored.Value);
        var listenerArn = arn[..arn.LastIndexOf('/')].Replace(":listener-rule/", ":listener/", StringComparison.Ordinal);
        if (DefaultRuleArn(listenerArn) == arn && await store.GetAsync(ElbKinds.Listeners, listenerArn, ct) is { } listener)
            return DefaultRule(listener.Value);
        throw ElbErrors.RuleNotFound(arn);
    }

    static RuleDescription Describe(ListenerRule r) =>
        new(r.RuleArn, r.Priority.ToString(CultureInfo.InvariantCulture), r.Conditions, r.Actions, false);

    static RuleDescription DefaultRule(Listener l) => new(DefaultRuleArn(l.ListenerArn), "default", [], l.DefaultActions, true);

    static AwsException PriorityInUse(int priority) => new("PriorityInUse", $"Priority '{priority}' is currently in use");
}
