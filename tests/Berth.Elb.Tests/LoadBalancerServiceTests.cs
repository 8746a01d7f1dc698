using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class LoadBalancerServiceTests : IDisposable
{
    readonly ElbHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_Defaults_ProvisioningWithDnsNameDefaultSubnetAndNotifies()
    {
        var lb = await _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "web" }, Ct);

        Assert.Equal("provisioning", lb.State.Code);
        Assert.Equal("application", lb.Type);
        Assert.Matches(@"^web-[1-9][0-9]{9}\.us-east-1\.elb\.test$", lb.DNSName);
        Assert.StartsWith("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/", lb.LoadBalancerArn, StringComparison.Ordinal);
        Assert.Equal(["subnet-a", "subnet-b", "subnet-c"], lb.AvailabilityZones.Select(z => z.SubnetId));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], lb.AvailabilityZones.Select(z => z.ZoneName));
        Assert.Equal("vpc-default", lb.VpcId);
        Assert.Equal(["sg-default"], lb.SecurityGroups);
        Assert.Equal(1, _h.DataPlane.Notifications);
    }

    [Fact]
    public async Task Create_SubnetsAndInternalScheme_ZonesPerSubnetAndInternalDns()
    {
        var lb = await _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "api", Scheme = "internal", Subnets = ["subnet-a", "subnet-b"] }, Ct);

        Assert.Equal(["us-east-1a", "us-east-1b"], lb.AvailabilityZones.Select(z => z.ZoneName));
        Assert.StartsWith("internal-api-", lb.DNSName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ValidationError")]
    [InlineData("-web", "ValidationError")]
    [InlineData("web-", "ValidationError")]
    [InlineData("we_b", "ValidationError")]
    [InlineData("internal-web", "ValidationError")]
    [InlineData("a23456789012345678901234567890123", "ValidationError")]
    public async Task Create_BadName_Refused(string name, string code) =>
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = name }, Ct), code);

    [Theory]
    [InlineData("network", "application load balancers")]
    [InlineData("gateway", "application load balancers")]
    [InlineData("classic", "not valid")]
    public async Task Create_OtherType_RefusedSayingBerthRunsApplicationLoadBalancers(string type, string fragment) =>
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", Type = type }, Ct), "ValidationError", fragment);

    [Fact]
    public async Task Create_BadSchemeSubnetGroupOrIpType_Refused()
    {
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", Scheme = "public" }, Ct), "InvalidScheme");
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", Subnets = ["net-1"] }, Ct), "SubnetNotFound");
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", SecurityGroups = ["group"] }, Ct), "InvalidSecurityGroup");
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", IpAddressType = "dualstack" }, Ct), "ValidationError", "IPv4");
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", Subnets = ["subnet-1"], SubnetMappings = ["subnet-1"] }, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "n", Tags = [new Tag { Key = "aws:x", Value = "1" }] }, Ct), "ValidationError", "aws:");
        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.LoadBalancers, new StoreQuery(), Ct));
    }

    [Fact]
    public async Task Create_SameNameSameSettings_ReturnsExisting_OtherSettings_Duplicate()
    {
        var first = await _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "web" }, Ct);
        var again = await _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "web" }, Ct);

        Assert.Equal(first.LoadBalancerArn, again.LoadBalancerArn);
        await Refused(() => _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "web", Scheme = "internal" }, Ct), "DuplicateLoadBalancerName");
    }

    [Fact]
    public async Task Create_Tags_StoredByArn()
    {
        var lb = await _h.LoadBalancers.CreateAsync(new CreateLoadBalancerRequest { Name = "web", Tags = [new Tag { Key = "env", Value = "prod" }] }, Ct);

        Assert.Equal("prod", Assert.Single(await _h.Tags.GetAsync(lb.LoadBalancerArn, Ct)).Value);
    }

    [Fact]
    public async Task Describe_ByNamesArnsAndAll_WithPaging()
    {
        var a = await _h.LoadBalancerAsync("a");
        var b = await _h.LoadBalancerAsync("b");
        await _h.LoadBalancerAsync("c");

        Assert.Equal(b, Assert.Single((await _h.LoadBalancers.DescribeAsync(null, ["b"], null, null, Ct)).LoadBalancers).LoadBalancerArn);
        Assert.Equal(a, Assert.Single((await _h.LoadBalancers.DescribeAsync([a], null, null, null, Ct)).LoadBalancers).LoadBalancerArn);
        var (page1, marker) = await _h.LoadBalancers.DescribeAsync(null, null, null, 2, Ct);
        Assert.Equal(["a", "b"], page1.Select(l => l.LoadBalancerName));
        var (page2, end) = await _h.LoadBalancers.DescribeAsync(null, null, marker, 2, Ct);
        Assert.Equal(["c"], page2.Select(l => l.LoadBalancerName));
        Assert.Null(end);
    }

    [Fact]
    public async Task Describe_Errors()
    {
        var a = await _h.LoadBalancerAsync("a");
        await Refused(() => _h.LoadBalancers.DescribeAsync(null, ["missing"], null, null, Ct), "LoadBalancerNotFound", "missing");
        await Refused(() => _h.LoadBalancers.DescribeAsync([a.Replace("/a/", "/z/", StringComparison.Ordinal)], null, null, null, Ct), "LoadBalancerNotFound");
        await Refused(() => _h.LoadBalancers.DescribeAsync(["not-an-arn"], null, null, null, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DescribeAsync([a], ["a"], null, null, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DescribeAsync(null, null, null, 0, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DescribeAsync(null, null, null, 401, Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DescribeAsync(null, null, "bogus", null, Ct), "ValidationError", "marker");
    }

    [Fact]
    public async Task Delete_RemovesListenersRulesAndTags_UnknownArnSucceeds()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var listener = await _h.ListenerAsync(lb, tg);
        var rule = await _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = listener.ListenerArn, Priority = 1, Conditions = [Path("/a")], Actions = [Fixed()], Tags = [new Tag { Key = "k", Value = "v" }] }, Ct);

        await _h.LoadBalancers.DeleteAsync(lb, Ct);

        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.Listeners, new StoreQuery(), Ct));
        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.ListenerRules, new StoreQuery(), Ct));
        Assert.Empty(await _h.Tags.GetAsync(rule.RuleArn, Ct));
        await _h.LoadBalancers.DeleteAsync(lb, Ct); // already gone: succeeds, as on AWS
        await Refused(() => _h.LoadBalancers.DeleteAsync("arn:aws:ecs:us-east-1:1:cluster/x", Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DeleteAsync(null, Ct), "ValidationError");
        await _h.TargetGroups.DeleteAsync(tg, Ct); // no longer in use
    }

    [Fact]
    public async Task DeletionProtection_RefusesDeleteUntilTurnedOff()
    {
        var lb = await _h.LoadBalancerAsync();
        var attrs = await _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("deletion_protection.enabled", "true")], Ct);
        Assert.Equal("true", attrs["deletion_protection.enabled"]);

        await Refused(() => _h.LoadBalancers.DeleteAsync(lb, Ct), "OperationNotPermitted", "deletion protection");
        await _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("deletion_protection.enabled", "false")], Ct);
        await _h.LoadBalancers.DeleteAsync(lb, Ct);
    }

    [Fact]
    public async Task Attributes_DefaultsAndValidation()
    {
        var lb = await _h.LoadBalancerAsync();
        var attrs = await _h.LoadBalancers.DescribeAttributesAsync(lb, Ct);
        Assert.Equal("60", attrs["idle_timeout.timeout_seconds"]);
        Assert.Equal("false", attrs["deletion_protection.enabled"]);
        Assert.Equal("true", attrs["routing.http2.enabled"]);

        Assert.Equal("120", (await _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("idle_timeout.timeout_seconds", "120")], Ct))["idle_timeout.timeout_seconds"]);
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("idle_timeout.timeout_seconds", "0")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("idle_timeout.timeout_seconds", "4001")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("deletion_protection.enabled", "yes")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("no.such.key", "1")], Ct), "InvalidConfigurationRequest", "no.such.key");
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [], Ct), "ValidationError");
        await Refused(() => _h.LoadBalancers.DescribeAttributesAsync(lb + "0", Ct), "LoadBalancerNotFound");
        // A refused change changes nothing, even beside a valid one.
        await Refused(() => _h.LoadBalancers.ModifyAttributesAsync(lb, [new ElbAttribute("idle_timeout.timeout_seconds", "30"), new ElbAttribute("bad", "1")], Ct), "InvalidConfigurationRequest");
        Assert.Equal("120", (await _h.LoadBalancers.DescribeAttributesAsync(lb, Ct))["idle_timeout.timeout_seconds"]);
    }
}
