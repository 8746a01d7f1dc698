using Berth.Elb.Haproxy.Tests.Support;
using Berth.Kernel.Storage;
using Xunit.Abstractions;

namespace Berth.Elb.Haproxy.Tests;

/// <summary>Real HAProxy routing real HTTP to real backends on loopback, by every rule type.</summary>
public sealed class RoutingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Rules_RouteByEveryConditionType_InPriorityOrder()
    {
        await using var h = new LbHarness(output);
        await using var a = await TestBackend.StartAsync("A");
        await using var b = await TestBackend.StartAsync("B");
        await using var c = await TestBackend.StartAsync("C");
        var tgA = await h.AddTargetGroupAsync("a");
        var tgB = await h.AddTargetGroupAsync("b");
        var tgC = await h.AddTargetGroupAsync("c");
        await h.RegisterAsync(tgA, a);
        await h.RegisterAsync(tgB, b);
        await h.RegisterAsync(tgC, c);
        var lb = await h.AddLoadBalancerAsync("web");
        var port = Ports.Free();
        var l = await h.AddListenerAsync(lb, port, LbHarness.Forward(tgA));
        await h.AddRuleAsync(l, 10, [new RuleCondition { Field = "path-pattern", Values = ["/api/*", "/v?/x.json"] }], LbHarness.Forward(tgB));
        await h.AddRuleAsync(l, 5, [new RuleCondition { Field = "host-header", Values = ["*.example.COM"] }], LbHarness.Forward(tgC));
        await h.AddRuleAsync(l, 20, [new RuleCondition { Field = "http-header", HttpHeaderName = "X-Env", Values = ["beta*"] }], LbHarness.Forward(tgC));
        await h.AddRuleAsync(l, 30, [new RuleCondition { Field = "query-string", QueryStrings = [new() { Key = "version", Value = "v2" }] }], LbHarness.Forward(tgB));
        await h.AddRuleAsync(l, 40, [new RuleCondition { Field = "http-request-method", Values = ["DELETE"] }],
            new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "405", ContentType = "text/plain", MessageBody = "no $deletes \"here\"" } });
        await h.AddRuleAsync(l, 50, [new RuleCondition { Field = "source-ip", Values = ["127.0.0.0/8"] }, new RuleCondition { Field = "path-pattern", Values = ["/src"] }],
            new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "200", MessageBody = "loopback" } });
        await h.AddRuleAsync(l, 60, [new RuleCondition { Field = "source-ip", Values = ["10.0.0.0/8"] }, new RuleCondition { Field = "path-pattern", Values = ["/src10"] }],
            new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "200", MessageBody = "ten" } });
        await h.AddRuleAsync(l, 70, [new RuleCondition { Field = "path-pattern", Values = ["/old/*"] }],
            new ElbAction { Type = "redirect", RedirectConfig = new() { Path = "/new/#{path}", StatusCode = "HTTP_301" } });
        await h.AddRuleAsync(l, 80, [new RuleCondition { Field = "path-pattern", Values = ["/nowhere"] }], new ElbAction { Type = "forward", TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/gone/0" });
        h.Start();
        await h.WaitHealthAsync(tgA, "healthy", 1);
        await h.WaitHealthAsync(tgB, "healthy", 1);
        await h.WaitHealthAsync(tgC, "healthy", 1);
        Assert.Equal("active", (await h.LoadBalancerAsync(lb)).State.Code);

        Assert.Equal("200 A", await h.GetAsync(port, "/"));
        Assert.Equal("200 B", await h.GetAsync(port, "/api/users"));
        Assert.Equal("200 B", await h.GetAsync(port, "/v1/x.json"));
        Assert.Equal("200 A", await h.GetAsync(port, "/v1/xxjson"));
        Assert.Equal("200 A", await h.GetAsync(port, "/API/users"));
        Assert.Equal("200 C", await h.GetAsync(port, "/api/users", r => r.Headers.Host = $"Shop.Example.com:{port}"));
        Assert.Equal("200 C", await h.GetAsync(port, "/", r => r.Headers.Add("X-Env", "BETA-2")));
        Assert.Equal("200 A", await h.GetAsync(port, "/", r => r.Headers.Add("X-Env", "prod")));
        Assert.Equal("200 B", await h.GetAsync(port, "/?a=1&version=V2"));
        Assert.Equal("200 A", await h.GetAsync(port, "/?version=v3"));
        using (var del = await h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"http://127.0.0.1:{port}/x")))
            Assert.Equal("405 no $deletes \"here\"", $"{(int)del.StatusCode} {await del.Content.ReadAsStringAsync()}");
        Assert.Equal("200 loopback", await h.GetAsync(port, "/src"));
        Assert.Equal("200 A", await h.GetAsync(port, "/src10"));
        using (var redirect = await h.Http.GetAsync($"http://127.0.0.1:{port}/old/a/b?q=1"))
        {
            Assert.Equal(301, (int)redirect.StatusCode);
            Assert.Equal($"http://127.0.0.1:{port}/new/old/a/b?q=1", redirect.Headers.Location!.ToString());
        }
        Assert.StartsWith("503 ", await h.GetAsync(port, "/nowhere"));
        Assert.Equal($"127.0.0.1|http|{port}", (await h.GetAsync(port, "/headers"))[4..]);
    }

    [Fact]
    public async Task ListenerAttributes_SetResponseHeaders_AndDropTheServerHeader()
    {
        await using var h = new LbHarness(output);
        await using var a = await TestBackend.StartAsync("A");
        var tg = await h.AddTargetGroupAsync("a");
        await h.RegisterAsync(tg, a);
        var lb = await h.AddLoadBalancerAsync("web");
        var port = Ports.Free();
        var l = await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        Dictionary<string, string> attributes = new()
        {
            [ListenerAttributes.ServerEnabled] = "false",
            ["routing.http.response.x_frame_options.header_value"] = "DENY",
            ["routing.http.response.content_security_policy.header_value"] = "default-src 'self'; img-src \"100%\" $HOME %[src]",
        };
        await h.Store.MutateAsync(ElbKinds.Listeners, l.ListenerArn, (x, _) => x with { Attributes = attributes }, default);
        h.Controller.Notify();
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);

        using var response = await h.Http.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal("A", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Server"), string.Join(",", response.Headers.Select(x => x.Key)));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("default-src 'self'; img-src \"100%\" $HOME %[src]", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        using var plain = await new HttpClient().GetAsync($"http://127.0.0.1:{a.Port}/");
        Assert.True(plain.Headers.Contains("Server"), "the backend itself sends a Server header, so its absence above is the listener's doing");
    }

    [Fact]
    public async Task TargetAddedAtRuntime_KeepsItsConnectionAlive()
    {
        // On a cold start every target is an `add server` (not a config line), whose idle-connection pool is off unless
        // its arguments turn it on: each request would then open a new connection to the target.
        await using var h = new LbHarness(output);
        await using var a = await TestBackend.StartAsync("A");
        var tg = await h.AddTargetGroupAsync("a");
        await h.RegisterAsync(tg, a);
        var lb = await h.AddLoadBalancerAsync("web");
        var port = Ports.Free();
        await h.AddListenerAsync(lb, port, LbHarness.Forward(tg));
        h.Start();
        await h.WaitHealthAsync(tg, "healthy", 1);

        for (var i = 0; i < 20; i++)
            Assert.Equal("200 A", await h.GetAsync(port, "/"));
        Assert.Equal(20, a.Requests);
        Assert.True(a.Connections <= 3, $"20 requests on one client connection reached the target on {a.Connections} connections");
    }

    [Fact]
    public async Task WeightedForward_SplitsCloseToTheWeights()
    {
        await using var h = new LbHarness(output);
        await using var a = await TestBackend.StartAsync("A");
        await using var b = await TestBackend.StartAsync("B");
        var tgA = await h.AddTargetGroupAsync("a");
        var tgB = await h.AddTargetGroupAsync("b");
        await h.RegisterAsync(tgA, a);
        await h.RegisterAsync(tgB, b);
        var lb = await h.AddLoadBalancerAsync("weighted");
        var port = Ports.Free();
        await h.AddListenerAsync(lb, port, new ElbAction
        {
            Type = "forward",
            ForwardConfig = new() { TargetGroups = [new() { TargetGroupArn = tgA.TargetGroupArn, Weight = 20 }, new() { TargetGroupArn = tgB.TargetGroupArn, Weight = 60 }] },
        });
        h.Start();
        await h.WaitHealthAsync(tgA, "healthy", 1);
        await h.WaitHealthAsync(tgB, "healthy", 1);

        var counts = new Dictionary<string, int> { ["200 A"] = 0, ["200 B"] = 0 };
        for (var i = 0; i < 400; i++)
            counts[await h.GetAsync(port, "/")]++;

        output.WriteLine($"A={counts["200 A"]} B={counts["200 B"]}");
        Assert.Equal(400, counts["200 A"] + counts["200 B"]);
        Assert.InRange(counts["200 B"] / 400.0, 0.68, 0.82);
    }
}
