using System.Diagnostics;
using Berth.Ecs.Runtime;
using Berth.Kernel.Networking;

namespace Berth.Network.Nftables.Tests;

/// <summary>The ruleset as text: what each hook allows, deterministic, and accepted by nft as it is.</summary>
public sealed class FirewallRendererTests
{
    const string TaskA = "arn:aws:ecs:us-east-1:123456789012:task/c/aaaa";
    const string TaskB = "arn:aws:ecs:us-east-1:123456789012:task/c/bbbb";
    const string Lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef";

    static readonly VpcNetwork Default = new("vpc-1", "10.89.0.0/16", true);
    static readonly VpcNetwork Other = new("vpc-2", "10.90.0.0/16", false);

    static NetworkInterfaceInfo Eni(string id, string owner, string address, params string[] groups) =>
        new(id, owner, "subnet-1", "vpc-1", "us-east-1a", address, "10.89.0.0/20", "10.89.0.0/16", "10.89.0.1", "0a:00:00:00:00:01", groups, "in-use");

    static readonly FirewallHost Host = new("berth_test", 4566, 51679, [new TaskBridge(null, "10.89.0.0/16", "br-0123456789ab")], [new ListenerPort(Lb, 80)]);

    static FirewallState State(params SecurityGroupRules[] groups) => new(
        [Default, Other],
        groups,
        [Eni("eni-a", TaskA, "10.89.0.4", "sg-web"), Eni("eni-b", TaskB, "10.89.0.5", "sg-db"), Eni("eni-lb", Lb, "10.89.0.6", "sg-lb")]);

    static SecurityGroupRules Group(string id, FirewallRule[]? ingress = null, FirewallRule[]? egress = null) =>
        new(id, "vpc-1", ingress ?? [], egress ?? [new FirewallRule("-1", null, null, "0.0.0.0/0", null)]);

    static string Chain(string text, string name)
    {
        var start = text.IndexOf($"  chain {name} {{\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chain {name} in:\n{text}");
        return text[start..text.IndexOf("  }\n", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Render_SameState_SameTextWhateverTheOrderItCameIn()
    {
        var groups = new[] { Group("sg-web"), Group("sg-db", [new FirewallRule("tcp", 5432, 5432, null, "sg-web")]), Group("sg-lb") };
        var state = State(groups);
        var shuffled = state with { Groups = [.. groups.Reverse()], Interfaces = [.. state.Interfaces.Reverse()], Vpcs = [.. state.Vpcs.Reverse()] };

        Assert.Equal(FirewallRenderer.Render(state, Host), FirewallRenderer.Render(shuffled, Host));
    }

    [Fact]
    public void Render_Always_ReplacesItsOwnTableInOneTransaction()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web")), Host);

        Assert.StartsWith("table inet berth_test {}\ndelete table inet berth_test\ntable inet berth_test {\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("flush ruleset", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IngressFromAGroup_ItsMembersAndOnlyThePortAllowed()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web"), Group("sg-db", [new FirewallRule("tcp", 5432, 5432, null, "sg-web")]), Group("sg-lb")), Host);

        Assert.Contains("set members_sg_web {\n    type ipv4_addr\n    elements = { 10.89.0.4 }\n  }", text, StringComparison.Ordinal);
        Assert.Equal("  chain in_eni_b {\n    ip saddr @members_sg_web tcp dport 5432 accept\n    drop\n", Chain(text, "in_eni_b"));
        // sg-web has no ingress: nothing reaches task A.
        Assert.Equal("  chain in_eni_a {\n    drop\n", Chain(text, "in_eni_a"));
    }

    [Fact]
    public void Render_RuleShapes_CidrPortRangeAllProtocolsAndIcmp()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web", [
            new FirewallRule("tcp", 8000, 8080, "192.168.1.77/24", null),
            new FirewallRule("udp", 0, 65535, "0.0.0.0/0", null),
            new FirewallRule("icmp", 8, -1, "10.0.0.0/8", null),
            new FirewallRule("icmp", 3, 4, "10.0.0.0/8", null),
            new FirewallRule("-1", null, null, "172.16.0.0/12", null),
            new FirewallRule("50", null, null, "0.0.0.0/0", null),
        ]), Group("sg-db"), Group("sg-lb")), Host);

        Assert.Equal("""
              chain in_eni_a {
                ip saddr 192.168.1.0/24 tcp dport 8000-8080 accept
                meta l4proto udp accept
                ip saddr 10.0.0.0/8 icmp type 8 accept
                ip saddr 10.0.0.0/8 icmp type 3 icmp code 4 accept
                ip saddr 172.16.0.0/12 accept
                meta l4proto 50 accept
                drop

            """, Chain(text, "in_eni_a"));
    }

    [Fact]
    public void Render_RulesItCannotExpress_AllowNothing()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web", [
            new FirewallRule("tcp", 90, 80, "0.0.0.0/0", null),
            new FirewallRule("sctp", null, null, "0.0.0.0/0", null),
            new FirewallRule("tcp", 80, 80, "not-a-range", null),
            new FirewallRule("tcp", 80, 80, null, null),
        ]), Group("sg-db"), Group("sg-lb")), Host);

        Assert.Equal("  chain in_eni_a {\n    drop\n", Chain(text, "in_eni_a"));
    }

    [Fact]
    public void Render_Egress_ReturnsWhenAllowedSoTheReceiverStillDecides()
    {
        var text = FirewallRenderer.Render(State(
            Group("sg-web", egress: [new FirewallRule("tcp", 5432, 5432, null, "sg-db")]), Group("sg-db"), Group("sg-lb")), Host);

        Assert.Equal("  chain out_eni_a {\n    ip daddr @members_sg_db tcp dport 5432 return\n    drop\n", Chain(text, "out_eni_a"));
        var traffic = Chain(text, "task_traffic");
        Assert.True(traffic.IndexOf("ip saddr vmap", StringComparison.Ordinal) < traffic.IndexOf("ip daddr vmap", StringComparison.Ordinal));
        Assert.Contains("ip saddr vmap { 10.89.0.4 : jump out_eni_a, 10.89.0.5 : jump out_eni_b }", traffic, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoVpcs_TrafficBetweenThemDropsBothWays()
    {
        var traffic = Chain(FirewallRenderer.Render(State(Group("sg-web")), Host), "task_traffic");

        Assert.Contains("ip saddr 10.89.0.0/16 ip daddr 10.90.0.0/16 drop", traffic, StringComparison.Ordinal);
        Assert.Contains("ip saddr 10.90.0.0/16 ip daddr 10.89.0.0/16 drop", traffic, StringComparison.Ordinal);
        Assert.StartsWith("  chain task_traffic {\n    ct state established,related accept\n    ct state invalid drop\n", traffic, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FromTasksToTheHost_OnlyDnsMetadataApiAndListeners()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web"), Group("sg-db"), Group("sg-lb")), Host);

        Assert.Contains("iifname { \"br-0123456789ab\" } jump from_task", Chain(text, "input"), StringComparison.Ordinal);
        Assert.Equal("""
              chain from_task {
                ct state invalid drop
                udp dport 53 accept
                tcp dport 53 accept
                tcp dport 51679 accept
                ip saddr vmap { 10.89.0.4 : jump out_eni_a, 10.89.0.5 : jump out_eni_b }
                ip saddr != @tasks drop
                tcp dport 4566 accept
                tcp dport vmap { 80 : jump listener_80 }
                drop

            """, Chain(text, "from_task"));
    }

    [Fact]
    public void Render_Listener_FilteredByTheLoadBalancersGroupsFromAnywhereButLoopback()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web"), Group("sg-db"), Group("sg-lb", [new FirewallRule("tcp", 80, 80, "0.0.0.0/0", null)])), Host);

        var input = Chain(text, "input");
        Assert.StartsWith("  chain input {\n    type filter hook input priority filter; policy accept;\n    iif \"lo\" accept\n", input, StringComparison.Ordinal);
        Assert.EndsWith("    tcp dport vmap { 80 : jump listener_80 }\n", input, StringComparison.Ordinal);
        Assert.Equal("  chain listener_80 {\n    tcp dport 80 accept\n    drop\n", Chain(text, "listener_80"));
    }

    [Fact]
    public void Render_ListenerOfALoadBalancerWithoutAnInterface_StaysOpen()
    {
        var host = Host with { Listeners = [new ListenerPort("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/old/1", 8080)] };

        Assert.Equal("  chain listener_8080 {\n    accept\n    drop\n", Chain(FirewallRenderer.Render(State(Group("sg-web")), host), "listener_8080"));
    }

    [Fact]
    public void Render_HostToATask_OnlyAsItsIngressAllowsAndUnknownAddressesGetNothing()
    {
        var text = FirewallRenderer.Render(State(Group("sg-web")), Host);

        Assert.Equal("  chain output {\n    type filter hook output priority filter; policy accept;\n    oif \"lo\" accept\n    ip daddr @vpcs jump to_task\n", Chain(text, "output"));
        Assert.Equal("  chain to_task {\n    ct state established,related accept\n    ip daddr vmap { 10.89.0.4 : jump in_eni_a, 10.89.0.5 : jump in_eni_b }\n    drop\n", Chain(text, "to_task"));
        Assert.Contains("ip saddr @vpcs ip saddr != @tasks drop", Chain(text, "task_traffic"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NothingYet_StillAValidRulesetThatLetsTheHostAlone()
    {
        var text = FirewallRenderer.Render(new FirewallState([], [], []), Host with { Bridges = [], Listeners = [], MetadataPort = null });

        Assert.DoesNotContain("vmap", text, StringComparison.Ordinal);
        Assert.DoesNotContain("iifname", text, StringComparison.Ordinal);
        Assert.Equal(0, NftCheck(text));
    }

    [Fact]
    public void Render_FullState_NftAcceptsIt()
    {
        var text = FirewallRenderer.Render(State(
            Group("sg-web", [new FirewallRule("tcp", 80, 80, null, "sg-lb"), new FirewallRule("icmp", -1, -1, "0.0.0.0/0", null)]),
            Group("sg-db", [new FirewallRule("tcp", 5432, 5432, null, "sg-web")], [new FirewallRule("udp", 53, 53, "10.0.0.0/8", null)]),
            Group("sg-lb", [new FirewallRule("tcp", 80, 80, "0.0.0.0/0", null)])), Host);

        Assert.Equal(0, NftCheck(text));
    }

    /// <summary><c>nft -c</c>: parses and checks the ruleset against the kernel without applying it.</summary>
    static int NftCheck(string text)
    {
        var start = new ProcessStartInfo("nft", "-c -f -") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        p.StandardInput.Write(text);
        p.StandardInput.Close();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error + "\n" + text);
        return p.ExitCode;
    }
}
