using System.Diagnostics;
using Berth.Elb.Haproxy.Config;
using Lb = Berth.Elb.LoadBalancer;

namespace Berth.Elb.Haproxy.Tests;

public sealed class ConfigWriterTests
{
    static readonly ProxyPaths Paths = new("/tmp/berth-cfg-test", "127.0.0.1");

    static (ProxyModel Model, TargetGroup A, TargetGroup B) EveryRuleType()
    {
        var lb = new Lb { LoadBalancerArn = "arn:lb/web", LoadBalancerName = "web" };
        var a = new TargetGroup
        {
            TargetGroupArn = "arn:tg/a",
            TargetGroupName = "a",
            MatcherHttpCode = "200-299",
            HealthCheckPath = "/health check$",
            Targets = [new RegisteredTarget { Id = "10.0.0.1", Port = 8080 }, new RegisteredTarget { Id = "10.0.0.2", Port = 8080, DrainingSince = DateTimeOffset.UnixEpoch }],
        };
        var b = new TargetGroup { TargetGroupArn = "arn:tg/b", TargetGroupName = "b", HealthCheckPort = "9000" };
        var unused = new TargetGroup { TargetGroupArn = "arn:tg/unused", TargetGroupName = "unused" };
        var l = new Listener { ListenerArn = "arn:listener/web/80", LoadBalancerArn = lb.LoadBalancerArn, Port = 8080, DefaultActions = [new ElbAction { Type = "forward", TargetGroupArn = a.TargetGroupArn }] };
        ListenerRule Rule(int p, RuleCondition c, ElbAction a) => new() { RuleArn = $"arn:rule/{p}", ListenerArn = l.ListenerArn, Priority = p, Conditions = [c], Actions = [a] };
        var toB = new ElbAction { Type = "forward", TargetGroupArn = b.TargetGroupArn };
        var rules = new List<ListenerRule>
        {
            Rule(5, new RuleCondition { Field = "path-pattern", Values = ["/api/*", "/v?/x.json", "/a b\"c'$d"] }, toB),
            Rule(1, new RuleCondition { Field = "host-header", Values = ["*.Example.com"] }, toB),
            Rule(2, new RuleCondition { Field = "http-header", HttpHeaderName = "X-Env", Values = ["beta*"] }, toB),
            Rule(3, new RuleCondition { Field = "query-string", QueryStrings = [new() { Key = "v", Value = "2" }, new() { Value = "x*" }] }, toB),
            Rule(4, new RuleCondition { Field = "http-request-method", Values = ["DELETE", "PUT"] },
                new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "405", ContentType = "application/json", MessageBody = "{\"m\":\"no $HOME\"}\n" } }),
            Rule(6, new RuleCondition { Field = "source-ip", Values = ["192.168.0.0/16", "10.1.2.3/32"] },
                new ElbAction { Type = "redirect", RedirectConfig = new() { Protocol = "HTTPS", Port = "443", Path = "/new/#{path}", StatusCode = "HTTP_302" } }),
            Rule(7, new RuleCondition { Field = "path-pattern", Values = ["/w"] },
                new ElbAction { Type = "forward", ForwardConfig = new() { TargetGroups = [new() { TargetGroupArn = a.TargetGroupArn, Weight = 1 }, new() { TargetGroupArn = b.TargetGroupArn, Weight = 3 }] } }),
            Rule(8, new RuleCondition { Field = "path-pattern", Values = ["/gone"] }, new ElbAction { Type = "forward", TargetGroupArn = "arn:tg/deleted" }),
            Rule(9, new RuleCondition { Field = "path-pattern", Values = ["/empty"] }, new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "204" } }),
        };
        return (new ProxyModel([lb], [l], rules, [a, b, unused]), a, b);
    }

    [Fact]
    public void Write_EveryRuleAndActionType_HaproxyAcceptsIt()
    {
        var (model, _, _) = EveryRuleType();
        var cfg = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string>(), (_, _) => true));

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, cfg.Text);
            var psi = new ProcessStartInfo("haproxy", ["-c", "-f", file]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err + "\n" + cfg.Text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Write_Rules_InPriorityOrderBeforeDefaults()
    {
        var (model, _, _) = EveryRuleType();
        var text = HaproxyConfigWriter.Write(model, Paths, ConfigInputs.None).Text;

        var order = new[] { "# rule 1 ", "# rule 2 ", "# rule 3 ", "# rule 4 ", "# rule 5 ", "# rule 6 ", "# rule 7 ", "# default actions" }.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order().ToList(), order);
        Assert.EndsWith("use_backend %[var(txn.be)]", text[..text.IndexOf("\nbackend ", StringComparison.Ordinal)].TrimEnd());
    }

    [Fact]
    public void Write_OnlyTargetGroupsInUse_GetBackends()
    {
        var (model, a, b) = EveryRuleType();
        var cfg = HaproxyConfigWriter.Write(model, Paths, ConfigInputs.None);

        Assert.Equal([ProxyNames.Backend(a), ProxyNames.Backend(b)], cfg.Backends.Keys.Order().ToArray());
    }

    [Fact]
    public void Write_ServersOnlyWhereAdmitted_AndStructureIgnoresThem()
    {
        var (model, a, _) = EveryRuleType();
        var none = HaproxyConfigWriter.Write(model, Paths, ConfigInputs.None);
        var all = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string>(), (_, _) => true));

        Assert.DoesNotContain("server t_10_0_0_1_8080", none.Text);
        Assert.Contains("server t_10_0_0_1_8080 10.0.0.1:8080 check inter 30s downinter 1s fastinter 1s rise 5 fall 2 weight 1 pool-max-conn -1 pool-purge-delay 5s", all.Text);
        Assert.Equal(none.Structure, all.Structure);
        Assert.Equal(2, all.Backends[ProxyNames.Backend(a)].Servers.Count);
    }

    [Fact]
    public void Write_HealthCheckSettings_FromTheTargetGroup()
    {
        var (model, _, b) = EveryRuleType();
        var cfg = HaproxyConfigWriter.Write(model, Paths, ConfigInputs.None);

        Assert.Contains("http-check expect rstatus \"^(20[0-9]|21[0-9]|22[0-9]|23[0-9]|24[0-9]|25[0-9]|26[0-9]|27[0-9]|28[0-9]|29[0-9])\\$\"", cfg.Text);
        Assert.Contains("http-check send meth GET uri \"/health check\\$\"", cfg.Text);
        Assert.Contains("timeout check 5s", cfg.Text);
        Assert.EndsWith("port 9000 weight 1 pool-max-conn -1 pool-purge-delay 5s", BackendSpec.Of(b with { Targets = [new RegisteredTarget { Id = "10.0.0.3", Port = 80 }] }).Servers[0].Arguments);
    }

    [Fact]
    public void Write_BlockedListenerAndDuplicatePort_FailTheirLoadBalancers()
    {
        var (model, _, _) = EveryRuleType();
        var other = new Lb { LoadBalancerArn = "arn:lb/other", LoadBalancerName = "other" };
        var clash = new Listener { ListenerArn = "arn:listener/zz-other/80", LoadBalancerArn = other.LoadBalancerArn, Port = 8080 };
        model = model with { LoadBalancers = [.. model.LoadBalancers, other], Listeners = [.. model.Listeners, clash] };

        var cfg = HaproxyConfigWriter.Write(model, Paths, ConfigInputs.None);

        Assert.Single(cfg.Served);
        Assert.Contains("another listener", cfg.FailedLoadBalancers["arn:lb/other"]);
        var blocked = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string> { ["arn:listener/web/80"] = "Port 8080 is already in use on this host" }, (_, _) => false));
        Assert.Equal("Port 8080 is already in use on this host", blocked.FailedLoadBalancers["arn:lb/web"]);
        Assert.Equal("arn:lb/other", Assert.Single(blocked.Served).LoadBalancerArn);
    }

    [Theory]
    [InlineData("200", "^(200)$")]
    [InlineData("200,202", "^(200|202)$")]
    [InlineData("200-204", "^(200|201|202|203|204)$")]
    [InlineData("200-219,302", "^(20[0-9]|21[0-9]|302)$")]
    [InlineData("", "^(200)$")]
    public void StatusMatcher_ToRegex(string matcher, string regex) => Assert.Equal(regex, StatusMatcher.ToRegex(matcher));

    [Theory]
    [InlineData("/api/*", "^/api/.*$")]
    [InlineData("/v?/x.json", "^/v./x\\.json$")]
    [InlineData("*.example.com", "^.*\\.example\\.com$")]
    public void WildcardRegex_EscapesAndTranslates(string pattern, string regex) => Assert.Equal(regex, ConfigText.WildcardRegex(pattern));

    [Fact]
    public void Quote_EscapesWhatHaproxyInterprets() => Assert.Equal("\"a\\\"b\\\\c\\$d\\n\"", ConfigText.Quote("a\"b\\c$d\n"));

    [Fact]
    public void ProxyNames_ServerNameRoundTrips() => Assert.Equal("10.89.0.12:8080", ProxyNames.KeyOf(ProxyNames.Server("10.89.0.12:8080")));
}
