using System.Diagnostics;
using Berth.Elb.Haproxy.Config;
using Berth.Elb.Haproxy.Host;
using Lb = Berth.Elb.LoadBalancer;

namespace Berth.Elb.Haproxy.Tests;

/// <summary>Each load balancer's traffic to its targets leaves from its interface's address: the config's source line and the host address plan.</summary>
public sealed class SourceAddressTests
{
    static readonly ProxyPaths Paths = new("/tmp/berth-cfg-test", "127.0.0.1");

    static ProxyModel TwoLoadBalancers(out TargetGroup a, out TargetGroup b)
    {
        var older = new Lb { LoadBalancerArn = "arn:lb/older", LoadBalancerName = "older", CreatedTime = DateTimeOffset.UnixEpoch, PrivateIpAddress = "10.0.1.4" };
        var newer = new Lb { LoadBalancerArn = "arn:lb/newer", LoadBalancerName = "newer", CreatedTime = DateTimeOffset.UnixEpoch.AddDays(1), PrivateIpAddress = "10.0.2.4" };
        a = new TargetGroup { TargetGroupArn = "arn:tg/a", TargetGroupName = "a", Targets = [new RegisteredTarget { Id = "10.0.1.10", Port = 80 }] };
        b = new TargetGroup { TargetGroupArn = "arn:tg/b", TargetGroupName = "b" };
        var shared = new TargetGroup { TargetGroupArn = "arn:tg/shared", TargetGroupName = "shared" };
        static ElbAction Fwd(TargetGroup g) => new() { Type = "forward", TargetGroupArn = g.TargetGroupArn };
        var l1 = new Listener { ListenerArn = "arn:l/1", LoadBalancerArn = older.LoadBalancerArn, Port = 8081, DefaultActions = [Fwd(a)] };
        var l2 = new Listener { ListenerArn = "arn:l/2", LoadBalancerArn = newer.LoadBalancerArn, Port = 8082, DefaultActions = [Fwd(b)] };
        var r1 = new ListenerRule { RuleArn = "arn:r/1", ListenerArn = l1.ListenerArn, Priority = 1, Conditions = [new RuleCondition { Field = "path-pattern", Values = ["/s"] }], Actions = [Fwd(shared)] };
        var r2 = new ListenerRule { RuleArn = "arn:r/2", ListenerArn = l2.ListenerArn, Priority = 1, Conditions = [new RuleCondition { Field = "path-pattern", Values = ["/s"] }], Actions = [Fwd(shared)] };
        return new ProxyModel([newer, older], [l1, l2], [r1, r2], [a, b, shared]);
    }

    static string BackendOf(string text, string targetGroupArn)
    {
        var start = text.IndexOf($" {targetGroupArn}\n", StringComparison.Ordinal);
        var end = text.IndexOf("\nbackend ", start, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }

    [Fact]
    public void Write_AddressesOnTheHost_EachBackendLeavesFromItsLoadBalancers_SharedFromTheOldest()
    {
        var model = TwoLoadBalancers(out _, out _);
        var sources = new Dictionary<string, string> { ["arn:lb/older"] = "10.0.1.4", ["arn:lb/newer"] = "10.0.2.4" };

        var cfg = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string>(), (_, _) => true, sources));

        Assert.Contains("    source 10.0.1.4\n", BackendOf(cfg.Text, "arn:tg/a"), StringComparison.Ordinal);
        Assert.Contains("    source 10.0.2.4\n", BackendOf(cfg.Text, "arn:tg/b"), StringComparison.Ordinal);
        Assert.Contains("    source 10.0.1.4\n", BackendOf(cfg.Text, "arn:tg/shared"), StringComparison.Ordinal);
        AssertHaproxyAccepts(cfg.Text);
    }

    [Fact]
    public void Write_AddressNotOnTheHost_NoSourceLine_AndAChangedAddressChangesTheStructure()
    {
        var model = TwoLoadBalancers(out _, out _);

        var none = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string>(), (_, _) => true, new Dictionary<string, string> { ["arn:lb/newer"] = "10.0.2.4" }));
        var moved = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(new Dictionary<string, string>(), (_, _) => true, new Dictionary<string, string> { ["arn:lb/newer"] = "10.0.2.9" }));

        Assert.DoesNotContain("source", BackendOf(none.Text, "arn:tg/a"), StringComparison.Ordinal);
        Assert.Contains("    source 10.0.2.4\n", BackendOf(none.Text, "arn:tg/shared"), StringComparison.Ordinal);
        Assert.NotEqual(none.Structure, moved.Structure);
    }

    [Fact]
    public void Parse_IpAddrShow_AllAndOwnedByLabel()
    {
        const string output = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
            + "1: lo    inet 10.0.1.4/32 scope global lo:b12345678\\       valid_lft forever preferred_lft forever\n"
            + "1: lo    inet 10.0.2.4/32 scope global lo:bffffffff\\       valid_lft forever preferred_lft forever\n";

        var host = SourceAddressPlan.Parse(output, "lo:b12345678");

        Assert.Equal(["10.0.1.4", "10.0.2.4", "127.0.0.1"], host.Present.Order());
        Assert.Equal(["10.0.1.4"], host.Owned);
    }

    [Fact]
    public void Compute_AddsMissing_RemovesOnlyOwnStaleOnes()
    {
        var host = new HostAddresses(new HashSet<string> { "127.0.0.1", "10.0.1.4", "10.0.9.9", "10.0.7.7" }, new HashSet<string> { "10.0.1.4", "10.0.9.9" });
        var wanted = new Dictionary<string, string> { ["arn:lb/a"] = "10.0.1.4", ["arn:lb/b"] = "10.0.3.3", ["arn:lb/c"] = "10.0.7.7" };

        var (add, remove) = SourceAddressPlan.Compute(wanted, host);

        Assert.Equal(["10.0.3.3"], add);
        Assert.Equal(["10.0.9.9"], remove);
    }

    [Fact]
    public void Wanted_OnlyLoadBalancersWithAnIpv4Address()
    {
        var wanted = SourceAddressPlan.Wanted([
            new Lb { LoadBalancerArn = "a", LoadBalancerName = "a", PrivateIpAddress = "10.0.0.5" },
            new Lb { LoadBalancerArn = "b", LoadBalancerName = "b" },
            new Lb { LoadBalancerArn = "c", LoadBalancerName = "c", PrivateIpAddress = "fd00::1" },
            new Lb { LoadBalancerArn = "d", LoadBalancerName = "d", PrivateIpAddress = "10.0.0.5; rm -rf" }]);

        Assert.Equal(["a"], wanted.Keys);
    }

    [Fact]
    public void Label_FitsAnInterfaceLabel_DiffersByDirectory()
    {
        var one = SourceAddressPlan.Label("/var/lib/berth/haproxy");

        Assert.Matches("^lo:b[0-9a-f]{8}$", one);
        Assert.NotEqual(one, SourceAddressPlan.Label("/tmp/other/haproxy"));
    }

    static void AssertHaproxyAccepts(string text)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, text);
            var psi = new ProcessStartInfo("haproxy", ["-c", "-f", file]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err + "\n" + text);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
