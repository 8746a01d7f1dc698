using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Berth.Runtime.Docker;

/// <summary>
/// Makes the link-local addresses that AWS SDKs and resolvers use, hard-coded, reach berthd from inside one task:
/// <c>169.254.170.2:80</c> (container credentials, for a task with a role) and <c>169.254.169.253:53</c> udp and tcp
/// (the VPC resolver, for every task). Both are DNATs in the nat output hook of the task's own network namespace
/// (entered through its sandbox's pid), so nothing on the host changes and the host's port 80 stays with the load
/// balancers. The packets keep the task's address as their source, which the credentials endpoint checks and the
/// resolver uses to find the task's VPC. nftables, not iptables: one atomic ruleset that is the same on
/// iptables-legacy and iptables-nft hosts, and applying it again replaces it (the table is declared, deleted and
/// declared anew in one transaction).
/// </summary>
static class TaskRedirects
{
    /// <summary>The address the SDKs use for <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>.</summary>
    public static readonly IPEndPoint SdkAddress = new(IPAddress.Parse("169.254.170.2"), 80);

    /// <summary>AWS's VPC resolver ("Route 53 Resolver") address, which every task's resolv.conf names.</summary>
    public static readonly IPEndPoint ResolverAddress = new(IPAddress.Parse("169.254.169.253"), 53);

    const string Table = "berth_task";

    /// <summary>The task's table; null when there is nothing to redirect.</summary>
    public static string? Ruleset(IPEndPoint? credentials, IPEndPoint? resolver)
    {
        if (credentials is null && resolver is null)
            return null;
        var rules = new StringBuilder();
        if (credentials is not null)
            rules.Append(CultureInfo.InvariantCulture, $"    ip daddr {SdkAddress.Address} tcp dport {SdkAddress.Port} dnat to {credentials.Address}:{credentials.Port}\n");
        if (resolver is not null)
        {
            foreach (var protocol in new[] { "udp", "tcp" })
                rules.Append(CultureInfo.InvariantCulture, $"    ip daddr {ResolverAddress.Address} {protocol} dport {ResolverAddress.Port} dnat to {resolver.Address}:{resolver.Port}\n");
        }
        return string.Create(CultureInfo.InvariantCulture, $$"""
            table ip {{Table}} {}
            delete table ip {{Table}}
            table ip {{Table}} {
              chain output {
                type nat hook output priority -100; policy accept;
            {{rules}}  }
            }

            """);
    }

    /// <summary>Installs the redirects in the network namespace of <paramref name="pid"/>; throws with nft's words when it cannot.</summary>
    public static async Task InstallAsync(int pid, IPEndPoint? credentials, IPEndPoint? resolver, CancellationToken ct)
    {
        if (Ruleset(credentials, resolver) is not { } ruleset)
            return;
        if (pid <= 0)
            throw new InvalidOperationException("The task's sandbox is not running, so its network namespace cannot be entered.");
        var what = credentials is null ? $"{ResolverAddress.Address} to the task resolver" : resolver is null ? $"{SdkAddress} to the task credentials endpoint" : $"{SdkAddress} and {ResolverAddress.Address} to berthd";
        var start = new ProcessStartInfo("nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "--target", pid.ToString(CultureInfo.InvariantCulture), "--net", "--", "nft", "-f", "-" })
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot redirect {what}: nsenter is missing ({e.Message}); install util-linux and nftables.", e);
        }
        using (process)
        {
            await process.StandardInput.WriteAsync(ruleset.AsMemory(), ct);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Cannot redirect {what} inside the task's network namespace (berthd must run as root, with nftables installed): {(await error).Trim()}");
        }
    }
}
