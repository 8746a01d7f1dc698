using System.Net;
using System.Net.Sockets;
using Berth.Kernel.Storage;
using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class ListenerServiceTests : IDisposable
{
    readonly ElbHarness _h = new();

    public void Dispose() => _h.Dispose();

    CreateListenerRequest Request(string lb, List<ElbAction> actions, int? port = null) =>
        new() { LoadBalancerArn = lb, Protocol = "HTTP", Port = port ?? FreePort(), DefaultActions = actions };

    [Fact]
    public async Task Create_ForwardNormalisedWithWeightAndStickiness_Notifies()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var before = _h.DataPlane.Notifications;

        var l = await _h.ListenerAsync(lb, tg);

        var action = Assert.Single(l.DefaultActions);
        Assert.Equal(tg, action.TargetGroupArn);
        Assert.Equal(1, Assert.Single(action.ForwardConfig!.TargetGroups).Weight);
        Assert.False(action.ForwardConfig.TargetGroupStickinessConfig!.Enabled);
        Assert.StartsWith(lb.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/", l.ListenerArn, StringComparison.Ordinal);
        Assert.Equal(before + 1, _h.DataPlane.Notifications);
    }

    [Fact]
    public async Task Create_PortOnAnyLoadBalancer_DuplicateListener_SameRequestAgain_ReturnsIt()
    {
        var lb1 = await _h.LoadBalancerAsync("one");
        var lb2 = await _h.LoadBalancerAsync("two");
        var tg = await _h.TargetGroupAsync();
        var port = FreePort();
        var l = await _h.Listeners.CreateAsync(Request(lb1, [Forward(tg)], port), Ct);

        Assert.Equal(l.ListenerArn, (await _h.Listeners.CreateAsync(Request(lb1, [Forward(tg)], port), Ct)).ListenerArn);
        await Refused(() => _h.Listeners.CreateAsync(Request(lb1, [Fixed()], port), Ct), "DuplicateListener");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb2, [Fixed()], port), Ct), "DuplicateListener", "one load balancer");
    }

    [Fact]
    public async Task Create_PortBoundByAnotherProgram_Refused()
    {
        var lb = await _h.LoadBalancerAsync();
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Fixed()], port), Ct), "InvalidConfigurationRequest", "already in use");
    }

    [Fact]
    public async Task Create_Errors()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg)]) with { Protocol = "HTTPS" }, Ct), "UnsupportedProtocol");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg)]) with { Protocol = "TCP" }, Ct), "UnsupportedProtocol");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg)]) with { Port = null }, Ct), "ValidationError");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg)]) with { Port = 70000 }, Ct), "ValidationError");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg)]) with { SslPolicy = "ELBSecurityPolicy-2016-08" }, Ct), "ValidationError");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, [Forward(tg + "0")]), Ct), "TargetGroupNotFound");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, []), Ct), "ValidationError");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb, null!), Ct), "ValidationError");
        await Refused(() => _h.Listeners.CreateAsync(Request(lb + "0", [Forward(tg)]), Ct), "LoadBalancerNotFound");
        await Refused(() => _h.Listeners.CreateAsync(Request("x", [Forward(tg)]), Ct), "ValidationError");
        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.Listeners, new StoreQuery(), Ct));
    }

    [Fact]
    public async Task Create_TargetGroupOfAnotherLoadBalancer_TargetGroupAssociationLimit()
    {
        var lb1 = await _h.LoadBalancerAsync("one");
        var lb2 = await _h.LoadBalancerAsync("two");
        var tg = await _h.TargetGroupAsync();
        await _h.ListenerAsync(lb1, tg);
        await _h.ListenerAsync(lb1, tg); // a second listener of the same load balancer may use it

        await Refused(() => _h.ListenerAsync(lb2, tg), "TargetGroupAssociationLimit");
    }

    [Fact]
    public async Task Describe_ByLoadBalancerOrArns_WithPaging_AndErrors()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var a = await _h.ListenerAsync(lb, tg);
        var b = await _h.ListenerAsync(lb, tg);

        Assert.Equal(2, (await _h.Listeners.DescribeAsync(lb, null, null, null, Ct)).Listeners.Count);
        var (page, marker) = await _h.Listeners.DescribeAsync(lb, null, null, 1, Ct);
        Assert.Single(page);
        Assert.NotNull(marker);
        Assert.Single((await _h.Listeners.DescribeAsync(lb, null, marker, 1, Ct)).Listeners);
        Assert.Equal(b.ListenerArn, Assert.Single((await _h.Listeners.DescribeAsync(null, [b.ListenerArn], null, null, Ct)).Listeners).ListenerArn);
        await Refused(() => _h.Listeners.DescribeAsync(null, null, null, null, Ct), "ValidationError");
        await Refused(() => _h.Listeners.DescribeAsync(lb, [a.ListenerArn], null, null, Ct), "ValidationError");
        await Refused(() => _h.Listeners.DescribeAsync(null, [a.ListenerArn + "0"], null, null, Ct), "ListenerNotFound");
        await Refused(() => _h.Listeners.DescribeAsync(lb + "0", null, null, null, Ct), "LoadBalancerNotFound");
    }

    [Fact]
    public async Task Modify_PortAndActions_AndErrors()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var l = await _h.ListenerAsync(lb, tg);
        var other = await _h.ListenerAsync(lb, tg);
        var newPort = FreePort();

        var modified = await _h.Listeners.ModifyAsync(new ModifyListenerRequest { ListenerArn = l.ListenerArn, Port = newPort, DefaultActions = [Fixed("503")] }, Ct);

        Assert.Equal(newPort, modified.Port);
        Assert.Equal("fixed-response", Assert.Single(modified.DefaultActions).Type);
        await Refused(() => _h.Listeners.ModifyAsync(new ModifyListenerRequest { ListenerArn = l.ListenerArn, Port = other.Port }, Ct), "DuplicateListener");
        await Refused(() => _h.Listeners.ModifyAsync(new ModifyListenerRequest { ListenerArn = l.ListenerArn, Protocol = "HTTPS" }, Ct), "UnsupportedProtocol");
        await Refused(() => _h.Listeners.ModifyAsync(new ModifyListenerRequest { ListenerArn = l.ListenerArn + "0" }, Ct), "ListenerNotFound");
        await Refused(() => _h.Listeners.ModifyAsync(new ModifyListenerRequest { ListenerArn = l.ListenerArn, DefaultActions = [] }, Ct), "ValidationError");
    }

    [Fact]
    public async Task Delete_RemovesRules_UnknownIsListenerNotFound()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var l = await _h.ListenerAsync(lb, tg);
        await _h.Rules.CreateAsync(new CreateRuleRequest { ListenerArn = l.ListenerArn, Priority = 5, Conditions = [Path("/x")], Actions = [Fixed()] }, Ct);

        await _h.Listeners.DeleteAsync(l.ListenerArn, Ct);

        Assert.Equal(0, await _h.Store.CountAsync(ElbKinds.ListenerRules, new StoreQuery(), Ct));
        await Refused(() => _h.Listeners.DeleteAsync(l.ListenerArn, Ct), "ListenerNotFound");
        await Refused(() => _h.Listeners.DeleteAsync("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1", Ct), "ValidationError");
    }

    [Fact]
    public async Task Attributes_DefaultsThenModified_BadKeysAndValuesChangeNothing()
    {
        var lb = await _h.LoadBalancerAsync();
        var tg = await _h.TargetGroupAsync();
        var l = await _h.ListenerAsync(lb, tg);
        const string Frame = "routing.http.response.x_frame_options.header_value";

        var defaults = await _h.Listeners.DescribeAttributesAsync(l.ListenerArn, Ct);
        var before = _h.DataPlane.Notifications;
        var changed = await _h.Listeners.ModifyAttributesAsync(l.ListenerArn, [new ElbAttribute(Frame, "SAMEORIGIN"), new ElbAttribute(ListenerAttributes.ServerEnabled, "false")], Ct);

        Assert.Equal(("true", ""), (defaults[ListenerAttributes.ServerEnabled], defaults[Frame]));
        Assert.Equal(("false", "SAMEORIGIN"), (changed[ListenerAttributes.ServerEnabled], changed[Frame]));
        Assert.Equal(before + 1, _h.DataPlane.Notifications);
        await Refused(() => _h.Listeners.ModifyAttributesAsync(l.ListenerArn, [new ElbAttribute(Frame, "DENY"), new ElbAttribute("tcp.idle_timeout.seconds", "350")], Ct), "InvalidConfigurationRequest", "tcp.idle_timeout.seconds");
        await Refused(() => _h.Listeners.ModifyAttributesAsync(l.ListenerArn, [new ElbAttribute(Frame, "ALLOWALL")], Ct), "InvalidConfigurationRequest", "DENY, SAMEORIGIN");
        await Refused(() => _h.Listeners.ModifyAttributesAsync(l.ListenerArn,
            [new ElbAttribute("routing.http.response.content_security_policy.header_value", "x\r\nSet-Cookie: a=b")], Ct), "InvalidConfigurationRequest", "printable");
        await Refused(() => _h.Listeners.ModifyAttributesAsync(l.ListenerArn, [], Ct), "ValidationError");
        await Refused(() => _h.Listeners.DescribeAttributesAsync("arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/x/1/2", Ct), "ListenerNotFound");
        Assert.Equal("SAMEORIGIN", (await _h.Listeners.DescribeAttributesAsync(l.ListenerArn, Ct))[Frame]);
    }
}
