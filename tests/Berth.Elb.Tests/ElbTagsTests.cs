using Berth.Kernel.Tagging;
using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class ElbTagsTests : IDisposable
{
    readonly ElbHarness _h = new();

    public void Dispose() => _h.Dispose();

    static Tag T(string key, string value = "v") => new() { Key = key, Value = value };

    [Fact]
    public async Task AddRemoveDescribe_OnEveryResourceKind()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var l = await _h.ListenerAsync(lb, tg);
        var rule = await _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = l.ListenerArn, Priority = 1, Conditions = [Path("/a")], Actions = [Fixed()] }, Ct);
        string[] all = [lb, tg, l.ListenerArn, rule.RuleArn];

        await _h.ElbTags.AddAsync(all, [T("env", "prod"), T("team")], Ct);
        await _h.ElbTags.RemoveAsync([lb], ["team"], Ct);

        var described = await _h.ElbTags.DescribeAsync(all, Ct);
        Assert.Equal(["env"], described[0].Tags.Select(t => t.Key));
        Assert.All(described.Skip(1), d => Assert.Equal(2, d.Tags.Count));
    }

    [Fact]
    public async Task Errors()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();

        await Refused(() => _h.ElbTags.AddAsync([lb + "0"], [T("a")], Ct), "LoadBalancerNotFound");
        await Refused(() => _h.ElbTags.AddAsync([tg + "0"], [T("a")], Ct), "TargetGroupNotFound");
        await Refused(() => _h.ElbTags.DescribeAsync([lb.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/1"], Ct), "ListenerNotFound");
        await Refused(() => _h.ElbTags.DescribeAsync([lb.Replace(":loadbalancer/", ":listener-rule/", StringComparison.Ordinal) + "/1/2"], Ct), "RuleNotFound");
        await Refused(() => _h.ElbTags.DescribeAsync(["arn:aws:ecs:us-east-1:1:cluster/x"], Ct), "ValidationError");
        await Refused(() => _h.ElbTags.DescribeAsync([], Ct), "ValidationError");
        await Refused(() => _h.ElbTags.DescribeAsync(null, Ct), "ValidationError");
        await Refused(() => _h.ElbTags.AddAsync([lb], [T("a"), T("a")], Ct), "DuplicateTagKeys");
        await Refused(() => _h.ElbTags.AddAsync([lb], [T("aws:x")], Ct), "ValidationError");
        await Refused(() => _h.ElbTags.AddAsync([lb], [T("bad*key")], Ct), "ValidationError");
        await Refused(() => _h.ElbTags.AddAsync([lb], [], Ct), "ValidationError");
        await Refused(() => _h.ElbTags.AddAsync([lb], Enumerable.Range(0, 51).Select(i => T($"k{i}")).ToList(), Ct), "TooManyTags");
        await _h.ElbTags.AddAsync([lb], Enumerable.Range(0, 50).Select(i => T($"k{i}")).ToList(), Ct);
        await Refused(() => _h.ElbTags.AddAsync([lb], [T("one-more")], Ct), "TooManyTags");
        await Refused(() => _h.ElbTags.RemoveAsync([lb], null, Ct), "ValidationError");
    }
}
