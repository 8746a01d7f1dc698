using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Berth.Runtime.Docker;

/// <summary>
/// Makes <c>169.254.170.2:80</c> — where every AWS SDK fetches container credentials, host and port hard-coded — reach
/// berthd's credentials endpoint from inside one task: a DNAT in the nat output hook of the task's own network
/// namespace (entered through its sandbox's pid), so nothing on the host changes and the host's port 80 stays with
/// the load balancers. The packets keep the task's address as their source, which the endpoint checks. nftables,
/// not iptables: one atomic ruleset that is the same on iptables-legacy and iptables-nft hosts, and applying it
/// again replaces it (the table is declared, deleted and declared anew in one transaction).
/// </summary>
static class CredentialsRedirect
{
    /// <summary>The address the SDKs use for <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>.</summary>
    public static readonly IPEndPoint SdkAddress = new(IPAddress.Parse("169.254.170.2"), 80);

    const string Table = "berth_credentials";

    public static string Ruleset(IPEndPoint target) => string.Create(CultureInfo.InvariantCulture, $$"""
        table ip {{Table}} {}
        delete table ip {{Table}}
        table ip {{Table}} {
          chain output {
            type nat hook output priority -100; policy accept;
            ip daddr {{SdkAddress.Address}} tcp dport {{SdkAddress.Port}} dnat to {{target.Address}}:{{target.Port}}
          }
        }

        """);

    /// <summary>Installs the redirect in the network namespace of <paramref name="pid"/>; throws with nft's words when it cannot.</summary>
    public static async Task InstallAsync(int pid, IPEndPoint target, CancellationToken ct)
    {
        if (pid <= 0)
            throw new InvalidOperationException("The task's sandbox is not running, so its network namespace cannot be entered.");
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
            throw new InvalidOperationException($"Cannot redirect {SdkAddress} to the task credentials endpoint: nsenter is missing ({e.Message}); install util-linux and nftables.", e);
        }
        using (process)
        {
            await process.StandardInput.WriteAsync(Ruleset(target).AsMemory(), ct);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Cannot redirect {SdkAddress} to the task credentials endpoint inside the task's network namespace (berthd must run as root, with nftables installed): {(await error).Trim()}");
        }
    }
}
