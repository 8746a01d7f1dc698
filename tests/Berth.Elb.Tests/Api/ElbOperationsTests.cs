using System.Text;
using System.Xml.Linq;
using Berth.Elb.Api;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
namespace Berth.Elb.Tests.Api;

/// <summary>The ELBv2 definitions through the Query codec: requests read from parameters, answers as the XML ELB writes.</summary>
public sealed class ElbOperationsTests : IDisposable
{
    static readonly QueryService Query = ElbOperations.Service.Query!;
    static readonly XNamespace X = Query.XmlNamespace;
    readonly ElbHarness _elb = new();
    readonly OperationCatalog _catalog = new();
    readonly QueryOperationTable _table;

    public ElbOperationsTests()
    {
        ElbOperations.Register(_catalog.For(ElbOperations.Service), _elb.LoadBalancers, _elb.TargetGroups, _elb.Targets, _elb.Listeners, _elb.Rules, _elb.ElbTags);
        _table = ProtocolTables.Build(_catalog, new AllowAll()).Query;
    }

    public void Dispose() => _elb.Dispose();

    async Task<XElement> Call(string action, params (string Key, string Value)[] parameters)
    {
        var op = _table.Find(Query.Version, action) ?? throw new InvalidOperationException(action);
        using var caller = Caller.Use(Principal.Root("123456789012")); // as the edge sets it once a signature is verified
        var result = await op(parameters.ToDictionary(p => p.Key, p => p.Value), ElbHarness.Ct);
        var xml = Encoding.UTF8.GetString(QueryResponses.Success(action, Query.XmlNamespace, "r", result));
        return XDocument.Parse(xml).Root!.Element(X + action + "Result")!;
    }

    static IEnumerable<string> Names(XElement e) => e.Elements().Select(c => c.Name.LocalName);

    [Fact]
    public void Register_EveryActionOnce_QueryOnly()
    {
        string[] actions = ["CreateLoadBalancer", "DescribeLoadBalancers", "DeleteLoadBalancer", "DescribeLoadBalancerAttributes", "ModifyLoadBalancerAttributes",
            "CreateTargetGroup", "DescribeTargetGroups", "ModifyTargetGroup", "DeleteTargetGroup", "DescribeTargetGroupAttributes", "ModifyTargetGroupAttributes",
            "RegisterTargets", "DeregisterTargets", "DescribeTargetHealth", "CreateListener", "DescribeListeners", "ModifyListener", "DeleteListener", "DescribeListenerAttributes", "ModifyListenerAttributes",
            "CreateRule", "DescribeRules", "ModifyRule", "DeleteRule", "SetRulePriorities", "SetSecurityGroups", "SetSubnets", "AddTags", "RemoveTags", "DescribeTags", "DescribeAccountLimits", "DescribeSSLPolicies"];

        Assert.Equal(actions.Order(), _table.Actions(Query.Version).Order());
        Assert.Null(ElbOperations.Service.JsonTargetPrefix);
        Assert.Empty(ProtocolTables.Build(_catalog, new AllowAll()).Json.Targets);
    }

    [Fact]
    public async Task CreateLoadBalancer_MembersInTheModelsOrder()
    {
        var result = await Call("CreateLoadBalancer", ("Name", "web"), ("Subnets.member.1", "subnet-a"));

        var lb = result.Element(X + "LoadBalancers")!.Element(X + "member")!;
        Assert.Equal(["LoadBalancerArn", "DNSName", "CanonicalHostedZoneId", "CreatedTime", "LoadBalancerName", "Scheme", "VpcId", "State", "Type",
            "AvailabilityZones", "SecurityGroups", "IpAddressType"], Names(lb));
        Assert.Equal(["ZoneName", "SubnetId", "LoadBalancerAddresses"], Names(lb.Element(X + "AvailabilityZones")!.Element(X + "member")!));
        Assert.Equal("2023-11-14T22:13:20.000Z", lb.Element(X + "CreatedTime")!.Value);
    }

    [Fact]
    public async Task CreateRule_HostHeaderShownTwice_QueryStringInItsConfigOnly()
    {
        var lb = (await Call("CreateLoadBalancer", ("Name", "web"))).Descendants(X + "LoadBalancerArn").First().Value;
        var listener = (await Call("CreateListener", ("LoadBalancerArn", lb), ("Port", ElbHarness.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("DefaultActions.member.1.Type", "fixed-response"), ("DefaultActions.member.1.FixedResponseConfig.StatusCode", "404"))).Descendants(X + "ListenerArn").First().Value;

        var rule = (await Call("CreateRule", ("ListenerArn", listener), ("Priority", "1"),
            ("Conditions.member.1.Field", "host-header"), ("Conditions.member.1.HostHeaderConfig.Values.member.1", "a.example.com"),
            ("Conditions.member.2.Field", "query-string"), ("Conditions.member.2.QueryStringConfig.Values.member.1.Value", "beta"),
            ("Actions.member.1.Type", "redirect"), ("Actions.member.1.RedirectConfig.Path", "/new"), ("Actions.member.1.RedirectConfig.StatusCode", "HTTP_301")))
            .Element(X + "Rules")!.Element(X + "member")!;

        Assert.Equal(["RuleArn", "Priority", "Conditions", "Actions", "IsDefault"], Names(rule));
        var conditions = rule.Element(X + "Conditions")!.Elements(X + "member").ToList();
        Assert.Equal(["Field", "Values", "HostHeaderConfig"], Names(conditions[0]));
        Assert.Equal(["Field", "QueryStringConfig"], Names(conditions[1]));
        Assert.Equal(["Value"], Names(conditions[1].Descendants(X + "member").Single()));
        var action = rule.Element(X + "Actions")!.Element(X + "member")!;
        Assert.Equal(["Type", "RedirectConfig"], Names(action));
        Assert.Equal(["Protocol", "Port", "Host", "Path", "Query", "StatusCode"], Names(action.Element(X + "RedirectConfig")!));
    }

    [Fact]
    public async Task RegisterTargets_ValueOfTheWrongType_RefusedBeforeTheTargetGroupIsLookedUp()
    {
        var e = await Assert.ThrowsAsync<AwsException>(() => Call("RegisterTargets",
            ("TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0123456789abcdef"),
            ("Targets.member.1.Id", "10.0.0.1"), ("Targets.member.1.Port", "x")));

        Assert.Equal(("ValidationError", "1 validation error detected: Value 'x' at 'Targets.member.1.Port' failed to satisfy constraint: Member must be an integer"),
            (e.Code, e.Message));
    }

    [Fact]
    public async Task CreateListener_ConfigWithOnlyUnknownMembers_IsStillThere()
    {
        var lb = (await Call("CreateLoadBalancer", ("Name", "web"))).Descendants(X + "LoadBalancerArn").First().Value;

        var e = await Assert.ThrowsAsync<AwsException>(() => Call("CreateListener", ("LoadBalancerArn", lb), ("Port", "1"),
            ("DefaultActions.member.1.Type", "fixed-response"), ("DefaultActions.member.1.FixedResponseConfig.StatusCode", "404"),
            ("DefaultActions.member.1.ForwardConfig.Unknown", "x")));

        Assert.Equal("InvalidLoadBalancerAction", e.Code);
    }
}
