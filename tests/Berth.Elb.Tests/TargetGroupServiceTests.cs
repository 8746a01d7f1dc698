using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class TargetGroupServiceTests : IDisposable
{
    readonly ElbHarness _h = new();

    public void Dispose() => _h.Dispose();

    static CreateTargetGroupRequest Request(string name = "tg", HealthCheckSettings? hc = null) =>
        new() { Name = name, Protocol = "HTTP", Port = 80, TargetType = "ip", HealthCheck = hc ?? new() };

    [Fact]
    public async Task Create_AlbDefaults()
    {
        var tg = (await _h.TargetGroups.CreateAsync(Request(), Ct)).TargetGroup;

        Assert.Equal((30, 5, 5, 2, "/", "200", "traffic-port"),
            (tg.HealthCheckIntervalSeconds, tg.HealthCheckTimeoutSeconds, tg.HealthyThresholdCount, tg.UnhealthyThresholdCount, tg.HealthCheckPath, tg.MatcherHttpCode, tg.HealthCheckPort));
        Assert.Equal("ip", tg.TargetType);
        Assert.Equal("vpc-default", tg.VpcId);
    }

    [Theory]
    [InlineData("instance")]
    [InlineData("lambda")]
    [InlineData("alb")]
    public async Task Create_NonIpTargetType_RefusedSayingTasksRegisterByIp(string type) =>
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { TargetType = type }, Ct), "ValidationError", "IP address");

    [Fact]
    public async Task Create_ProtocolPortAndVersion_Checked()
    {
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Protocol = "HTTPS" }, Ct), "ValidationError", "HTTP");
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Protocol = null }, Ct), "ValidationError", "protocol");
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Port = null }, Ct), "ValidationError", "port");
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Port = 0 }, Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Port = 65536 }, Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { ProtocolVersion = "GRPC" }, Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.CreateAsync(Request("bad_name"), Ct), "ValidationError");
        // Terraform sends an empty ProtocolVersion when none is configured: the default, as AWS takes it.
        Assert.NotNull(await _h.TargetGroups.CreateAsync(Request() with { ProtocolVersion = "" }, Ct));
    }

    [Theory]
    [InlineData(4, null, null, null, null, null, "ValidationError")]
    [InlineData(301, null, null, null, null, null, "ValidationError")]
    [InlineData(null, 1, null, null, null, null, "ValidationError")]
    [InlineData(null, 121, null, null, null, null, "ValidationError")]
    [InlineData(10, 10, null, null, null, null, "InvalidConfigurationRequest")]
    [InlineData(null, null, 1, null, null, null, "ValidationError")]
    [InlineData(null, null, 11, null, null, null, "ValidationError")]
    [InlineData(null, null, null, 1, null, null, "ValidationError")]
    [InlineData(null, null, null, null, "health", null, "ValidationError")]
    [InlineData(null, null, null, null, null, "199", "ValidationError")]
    [InlineData(null, null, null, null, null, "500", "ValidationError")]
    [InlineData(null, null, null, null, null, "299-200", "ValidationError")]
    [InlineData(null, null, null, null, null, "200,abc", "ValidationError")]
    public async Task Create_BadHealthCheck_Refused(int? interval, int? timeout, int? healthy, int? unhealthy, string? path, string? matcher, string code) =>
        await Refused(() => _h.TargetGroups.CreateAsync(Request(hc: new()
        {
            IntervalSeconds = interval,
            TimeoutSeconds = timeout,
            HealthyThresholdCount = healthy,
            UnhealthyThresholdCount = unhealthy,
            Path = path,
            MatcherHttpCode = matcher,
        }), Ct), code);

    [Theory]
    [InlineData("200")]
    [InlineData("200,202")]
    [InlineData("200-299")]
    [InlineData("499")]
    public void Matcher_Valid(string matcher) => Assert.True(HealthCheckValidator.IsValidMatcher(matcher));

    [Fact]
    public async Task Create_HealthCheckPortAndProtocol_Checked()
    {
        await Refused(() => _h.TargetGroups.CreateAsync(Request(hc: new() { Port = "0" }), Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.CreateAsync(Request(hc: new() { Protocol = "HTTPS" }), Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.CreateAsync(Request(hc: new() { MatcherGrpcCode = "0" }), Ct), "ValidationError");
        var tg = (await _h.TargetGroups.CreateAsync(Request(hc: new() { Port = "8081", IntervalSeconds = 5, TimeoutSeconds = 2 }), Ct)).TargetGroup;
        Assert.Equal("8081", tg.HealthCheckPort);
    }

    [Fact]
    public async Task Create_SameNameSameSettings_Existing_Different_Duplicate()
    {
        var first = await _h.TargetGroups.CreateAsync(Request(), Ct);
        Assert.Equal(first.TargetGroup.TargetGroupArn, (await _h.TargetGroups.CreateAsync(Request(), Ct)).TargetGroup.TargetGroupArn);
        await Refused(() => _h.TargetGroups.CreateAsync(Request() with { Port = 81 }, Ct), "DuplicateTargetGroupName");
        await Refused(() => _h.TargetGroups.CreateAsync(Request(hc: new() { Path = "/other" }), Ct), "DuplicateTargetGroupName");
    }

    [Fact]
    public async Task Describe_ByLoadBalancerArnsNames_FillsLoadBalancerArns()
    {
        var lb = await _h.LoadBalancerAsync();
        var used = await _h.TargetGroupAsync("used");
        var free = await _h.TargetGroupAsync("free");
        await _h.ListenerAsync(lb, used);

        var byLb = (await _h.TargetGroups.DescribeAsync(lb, null, null, null, null, Ct)).TargetGroups;
        Assert.Equal(used, Assert.Single(byLb).TargetGroup.TargetGroupArn);
        Assert.Equal([lb], byLb[0].LoadBalancerArns);
        Assert.Empty(Assert.Single((await _h.TargetGroups.DescribeAsync(null, [free], null, null, null, Ct)).TargetGroups).LoadBalancerArns);
        Assert.Single((await _h.TargetGroups.DescribeAsync(null, null, ["free"], null, null, Ct)).TargetGroups);
        Assert.Equal(2, (await _h.TargetGroups.DescribeAsync(null, null, null, null, null, Ct)).TargetGroups.Count);
    }

    [Fact]
    public async Task Describe_Errors()
    {
        var tg = await _h.TargetGroupAsync();
        await Refused(() => _h.TargetGroups.DescribeAsync(null, null, ["nope"], null, null, Ct), "TargetGroupNotFound");
        await Refused(() => _h.TargetGroups.DescribeAsync(null, [tg + "0"], null, null, null, Ct), "TargetGroupNotFound");
        await Refused(() => _h.TargetGroups.DescribeAsync(null, [tg], ["tg"], null, null, Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.DescribeAsync("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1", null, null, null, null, Ct), "LoadBalancerNotFound");
    }

    [Fact]
    public async Task Modify_ChangesHealthCheck_RefusesBadValuesUnchanged()
    {
        var tg = await _h.TargetGroupAsync();
        var modified = (await _h.TargetGroups.ModifyAsync(tg, new HealthCheckSettings { Path = "/health", IntervalSeconds = 10, TimeoutSeconds = 3 }, Ct)).TargetGroup;
        Assert.Equal(("/health", 10, 3), (modified.HealthCheckPath, modified.HealthCheckIntervalSeconds, modified.HealthCheckTimeoutSeconds));

        await Refused(() => _h.TargetGroups.ModifyAsync(tg, new HealthCheckSettings { TimeoutSeconds = 10 }, Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.TargetGroups.ModifyAsync(tg + "0", new HealthCheckSettings(), Ct), "TargetGroupNotFound");
        Assert.Equal(3, (await _h.TargetGroups.RequireAsync(tg, Ct)).HealthCheckTimeoutSeconds);
    }

    [Fact]
    public async Task Delete_InUse_ResourceInUse_UnknownSucceeds()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var listener = await _h.ListenerAsync(lb, tg);

        await Refused(() => _h.TargetGroups.DeleteAsync(tg, Ct), "ResourceInUse");
        await _h.Listeners.DeleteAsync(listener.ListenerArn, Ct);
        await _h.TargetGroups.DeleteAsync(tg, Ct);
        await _h.TargetGroups.DeleteAsync(tg, Ct);
        await Refused(() => _h.TargetGroups.DeleteAsync("nonsense", Ct), "ValidationError");
    }

    [Fact]
    public async Task Delete_UsedByRuleOnly_ResourceInUse()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync("default");
        var other = await _h.TargetGroupAsync("other");
        var listener = await _h.ListenerAsync(lb, tg);
        await _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = listener.ListenerArn, Priority = 1, Conditions = [Path("/x")], Actions = [Forward(other)] }, Ct);

        await Refused(() => _h.TargetGroups.DeleteAsync(other, Ct), "ResourceInUse");
    }

    [Fact]
    public async Task Attributes_DefaultsAndBounds()
    {
        var tg = await _h.TargetGroupAsync();
        var attrs = await _h.TargetGroups.DescribeAttributesAsync(tg, Ct);
        Assert.Equal("300", attrs["deregistration_delay.timeout_seconds"]);
        Assert.Equal("round_robin", attrs["load_balancing.algorithm.type"]);

        var changed = await _h.TargetGroups.ModifyAttributesAsync(tg, [new("deregistration_delay.timeout_seconds", "0"), new("stickiness.enabled", "true"), new("slow_start.duration_seconds", "30")], Ct);
        Assert.Equal(("0", "true", "30"), (changed["deregistration_delay.timeout_seconds"], changed["stickiness.enabled"], changed["slow_start.duration_seconds"]));
        Assert.Equal(TimeSpan.Zero, TargetGroupAttributes.DeregistrationDelayOf(await _h.TargetGroups.RequireAsync(tg, Ct)));

        await Refused(() => _h.TargetGroups.ModifyAttributesAsync(tg, [new("deregistration_delay.timeout_seconds", "3601")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.TargetGroups.ModifyAttributesAsync(tg, [new("slow_start.duration_seconds", "10")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.TargetGroups.ModifyAttributesAsync(tg, [new("load_balancing.algorithm.type", "random")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.TargetGroups.ModifyAttributesAsync(tg, [new("stickiness.type", "source_ip")], Ct), "InvalidConfigurationRequest");
        await Refused(() => _h.TargetGroups.ModifyAttributesAsync(tg, null, Ct), "ValidationError");
        await Refused(() => _h.TargetGroups.DescribeAttributesAsync(tg + "0", Ct), "TargetGroupNotFound");
    }

    [Fact]
    public async Task Targets_RegisterDescribeDeregister()
    {
        var tg = await _h.TargetGroupAsync();
        await _h.Targets.RegisterAsync(tg, [new TargetRef("10.0.0.5", 8080), new TargetRef("10.0.0.6", null)], Ct);

        var health = await _h.Targets.DescribeHealthAsync(tg, null, Ct);
        Assert.Equal(["10.0.0.5:8080", "10.0.0.6:80"], health.Select(d => $"{d.Id}:{d.Port}"));
        Assert.All(health, d => Assert.Equal("unused", d.Health.State));
        await _h.Targets.DeregisterAsync(tg, [new TargetRef("10.0.0.5", 8080)], Ct);
        Assert.Equal("draining", (await _h.Targets.DescribeHealthAsync(tg, [new TargetRef("10.0.0.5", 8080)], Ct))[0].Health.State);
        await Refused(() => _h.Targets.RegisterAsync(tg, [new TargetRef("web", 80)], Ct), "InvalidTarget");
        await Refused(() => _h.Targets.DeregisterAsync(tg, [new TargetRef("10.0.0.9", 80)], Ct), "InvalidTarget");
        await Refused(() => _h.Targets.RegisterAsync(tg + "0", [new TargetRef("10.0.0.5", 80)], Ct), "TargetGroupNotFound");
    }
}
