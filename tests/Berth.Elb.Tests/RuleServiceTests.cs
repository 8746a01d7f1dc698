using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class RuleServiceTests : IDisposable
{
    readonly ElbHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<(string Lb, string Tg, Listener Listener)> SetUpAsync()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        return (lb, tg, await _h.ListenerAsync(lb, tg));
    }

    Task<RuleDescription> Create(string listener, int? priority, params RuleConditionInput[] conditions) =>
        _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = listener, Priority = priority, Conditions = [.. conditions], Actions = [Fixed()] }, Ct);

    [Fact]
    public async Task Describe_ListsRulesByPriorityThenDefaultRule()
    {
        var (_, tg, l) = await SetUpAsync();
        await Create(l.ListenerArn, 20, Path("/b"));
        await Create(l.ListenerArn, 10, Path("/a"));

        var rules = (await _h.Rules.DescribeAsync(l.ListenerArn, null, null, null, Ct)).Rules;

        Assert.Equal(["10", "20", "default"], rules.Select(r => r.Priority));
        var d = rules[^1];
        Assert.True(d.IsDefault);
        Assert.Equal(RuleService.DefaultRuleArn(l.ListenerArn), d.RuleArn);
        Assert.Equal(tg, d.Actions[0].TargetGroupArn);
        Assert.True(Assert.Single((await _h.Rules.DescribeAsync(null, [d.RuleArn], null, null, Ct)).Rules).IsDefault);
    }

    [Fact]
    public async Task Create_Errors()
    {
        var (_, _, l) = await SetUpAsync();
        await Create(l.ListenerArn, 5, Path("/a"));

        await Refused(() => Create(l.ListenerArn, 5, Path("/b")), "PriorityInUse");
        await Refused(() => Create(l.ListenerArn, 0, Path("/b")), "ValidationError");
        await Refused(() => Create(l.ListenerArn, 50001, Path("/b")), "ValidationError");
        await Refused(() => Create(l.ListenerArn, null, Path("/b")), "ValidationError");
        await Refused(() => Create(l.ListenerArn, 6), "ValidationError", "condition");
        await Refused(() => Create(l.ListenerArn + "0", 6, Path("/b")), "ListenerNotFound");
        await Refused(() => Create("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1", 6, Path("/b")), "ValidationError");
        await Refused(() => _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = l.ListenerArn, Priority = 7, Conditions = [Path("/c")], Actions = [Forward(l.ListenerArn)] }, Ct), "ValidationError");
        await Refused(() => _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = l.ListenerArn, Priority = 7, Conditions = [Path("/c")] }, Ct), "ValidationError");
    }

    [Fact]
    public async Task Create_MoreThan100_TooManyRules()
    {
        var (_, _, l) = await SetUpAsync();
        for (var i = 1; i <= RuleService.MaxRulesPerListener; i++)
            await Create(l.ListenerArn, i, Path("/p"));

        await Refused(() => Create(l.ListenerArn, 500, Path("/p")), "TooManyRules");
    }

    [Fact]
    public async Task Modify_ConditionsAndActions_DefaultRuleNotPermitted()
    {
        var (_, tg, l) = await SetUpAsync();
        var rule = await Create(l.ListenerArn, 1, Path("/a"));

        var modified = await _h.Rules.ModifyAsync(rule.RuleArn, [new RuleConditionInput { Field = "host-header", HostHeaderValues = ["api.example.com"] }], [Forward(tg)], Ct);

        Assert.Equal("host-header", Assert.Single(modified.Conditions).Field);
        Assert.Equal(tg, modified.Actions[0].TargetGroupArn);
        await Refused(() => _h.Rules.ModifyAsync(RuleService.DefaultRuleArn(l.ListenerArn), null, [Fixed()], Ct), "OperationNotPermitted");
        await Refused(() => _h.Rules.ModifyAsync(rule.RuleArn + "0", null, null, Ct), "RuleNotFound");
        await Refused(() => _h.Rules.ModifyAsync(rule.RuleArn, [], null, Ct), "ValidationError");
    }

    [Fact]
    public async Task Delete_DefaultRuleNotPermitted_UnknownRuleNotFound()
    {
        var (_, _, l) = await SetUpAsync();
        var rule = await Create(l.ListenerArn, 1, Path("/a"));

        await _h.Rules.DeleteAsync(rule.RuleArn, Ct);

        await Refused(() => _h.Rules.DeleteAsync(rule.RuleArn, Ct), "RuleNotFound");
        await Refused(() => _h.Rules.DeleteAsync(RuleService.DefaultRuleArn(l.ListenerArn), Ct), "OperationNotPermitted");
        await Refused(() => _h.Rules.DeleteAsync("garbage", Ct), "ValidationError");
    }

    [Fact]
    public async Task SetPriorities_SwapsAtomically_RefusesClashes()
    {
        var (_, _, l) = await SetUpAsync();
        var a = await Create(l.ListenerArn, 1, Path("/a"));
        var b = await Create(l.ListenerArn, 2, Path("/b"));
        var c = await Create(l.ListenerArn, 3, Path("/c"));

        var swapped = await _h.Rules.SetPrioritiesAsync([(a.RuleArn, 2), (b.RuleArn, 1)], Ct);

        Assert.Equal(["2", "1"], swapped.Select(r => r.Priority));
        await Refused(() => _h.Rules.SetPrioritiesAsync([(a.RuleArn, 3)], Ct), "PriorityInUse");
        await Refused(() => _h.Rules.SetPrioritiesAsync([(a.RuleArn, 9), (b.RuleArn, 9)], Ct), "PriorityInUse");
        await Refused(() => _h.Rules.SetPrioritiesAsync([(RuleService.DefaultRuleArn(l.ListenerArn), 9)], Ct), "OperationNotPermitted");
        await Refused(() => _h.Rules.SetPrioritiesAsync([(c.RuleArn + "0", 9)], Ct), "RuleNotFound");
        await Refused(() => _h.Rules.SetPrioritiesAsync([(c.RuleArn, 0)], Ct), "ValidationError");
        await Refused(() => _h.Rules.SetPrioritiesAsync([], Ct), "ValidationError");
        Assert.Equal(["1", "2", "3", "default"], (await _h.Rules.DescribeAsync(l.ListenerArn, null, null, null, Ct)).Rules.Select(r => r.Priority));
    }

    [Fact]
    public async Task Describe_Errors()
    {
        var (_, _, l) = await SetUpAsync();
        await Refused(() => _h.Rules.DescribeAsync(null, null, null, null, Ct), "ValidationError");
        await Refused(() => _h.Rules.DescribeAsync(l.ListenerArn, [RuleService.DefaultRuleArn(l.ListenerArn)], null, null, Ct), "ValidationError");
        await Refused(() => _h.Rules.DescribeAsync(l.ListenerArn + "0", null, null, null, Ct), "ListenerNotFound");
        await Refused(() => _h.Rules.DescribeAsync(null, [RuleService.DefaultRuleArn(l.ListenerArn + "0")], null, null, Ct), "RuleNotFound");
    }
}
