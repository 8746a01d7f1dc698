using System.Diagnostics;
using System.Net;

namespace Berth.Runtime.Docker.Tests;

/// <summary>The redirects of 169.254.170.2:80 and 169.254.169.253:53 inside a task's network namespace, and only there.</summary>
public sealed class TaskRedirectsTests
{
    static readonly IPEndPoint Listener = new(IPAddress.Parse("169.254.170.2"), 51679);
    static readonly IPEndPoint Resolver = new(IPAddress.Parse("169.254.170.2"), 5353);

    [Fact]
    public void Ruleset_DnatsTheSdkAddressToTheListener_ReplacingAnyEarlierOne()
    {
        var rules = TaskRedirects.Ruleset(Listener, null)!;

        Assert.Contains("type nat hook output priority -100", rules, StringComparison.Ordinal);
        Assert.Contains("ip daddr 169.254.170.2 tcp dport 80 dnat to 169.254.170.2:51679", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("169.254.169.253", rules, StringComparison.Ordinal);
        // Declared, deleted and declared again in one transaction: applying it twice leaves one rule.
        Assert.True(rules.IndexOf("delete table ip berth_task", StringComparison.Ordinal) < rules.LastIndexOf("table ip berth_task {", StringComparison.Ordinal));
    }

    [Fact]
    public void Ruleset_Resolver_DnatsTheVpcResolverAddressForUdpAndTcp()
    {
        var rules = TaskRedirects.Ruleset(null, Resolver)!;

        Assert.Contains("ip daddr 169.254.169.253 udp dport 53 dnat to 169.254.170.2:5353", rules, StringComparison.Ordinal);
        Assert.Contains("ip daddr 169.254.169.253 tcp dport 53 dnat to 169.254.170.2:5353", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("dport 80", rules, StringComparison.Ordinal);
        Assert.Null(TaskRedirects.Ruleset(null, null));
    }

    [RootFact]
    [Trait("Requires", "Docker")]
    public async Task InstallAsync_InANetworkNamespaceOfItsOwn_OneRuleThereNoneOnTheHost()
    {
        using var holder = Process.Start(new ProcessStartInfo("unshare", "--net sleep 60") { RedirectStandardOutput = true })!;
        try
        {
            var pid = await ChildPidAsync(holder.Id);

            await TaskRedirects.InstallAsync(pid, Listener, Resolver, CancellationToken.None);
            await TaskRedirects.InstallAsync(pid, new IPEndPoint(Listener.Address, 40000), Resolver, CancellationToken.None);

            var inside = await RunAsync("nsenter", "--target", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net", "nft", "list", "ruleset");
            Assert.Equal(3, inside.Split('\n').Count(l => l.Contains("dnat to", StringComparison.Ordinal)));
            Assert.Contains("dnat to 169.254.170.2:40000", inside, StringComparison.Ordinal);
            Assert.DoesNotContain("berth_task", await RunAsync("nft", "list", "tables"), StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task InstallAsync_NoSuchProcess_SaysWhy()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => TaskRedirects.InstallAsync(0, Listener, null, CancellationToken.None));

        Assert.Contains("network namespace", e.Message, StringComparison.Ordinal);
    }

    /// <summary>unshare execs sleep in place on util-linux ≥ 2.36; older ones fork, so look for a child too.</summary>
    static async Task<int> ChildPidAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var comm = File.Exists($"/proc/{pid}/comm") ? (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim() : "";
            if (comm == "sleep")
                return pid;
            var children = $"/proc/{pid}/task/{pid}/children";
            if (File.Exists(children) && (await File.ReadAllTextAsync(children)).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..])
                return int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(20);
        }
        throw new InvalidOperationException("unshare did not start sleep");
    }

    static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }
}
