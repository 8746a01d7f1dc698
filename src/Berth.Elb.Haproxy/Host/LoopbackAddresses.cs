using System.Diagnostics;

namespace Berth.Elb.Haproxy.Host;

/// <summary>
/// Load balancer addresses on the host's loopback interface, through iproute2's <c>ip</c> (Debian's iproute2). An
/// address on <c>lo</c> is local to the host, and a task network's bridge route carries connections from it to the
/// targets; replies come back to it because the host answers for every local address. They stay when berthd stops, so
/// HAProxy keeps serving across a restart.
/// </summary>
internal sealed class LoopbackAddresses(string label, string binary = "ip")
{
    public string Label => label;

    /// <summary>What is on <c>lo</c> now, or null when <c>ip</c> cannot tell (not installed).</summary>
    public async Task<HostAddresses?> ReadAsync(CancellationToken ct)
    {
        var (code, output) = await RunAsync(["-4", "-o", "addr", "show", "dev", "lo"], ct);
        return code == 0 ? SourceAddressPlan.Parse(output, label) : null;
    }

    /// <summary>Adds the address; null when it is there (added now or already), else why not.</summary>
    public async Task<string?> AddAsync(string address, CancellationToken ct)
    {
        var (code, output) = await RunAsync(["addr", "add", $"{address}/32", "dev", "lo", "label", label], ct);
        return code == 0 || output.Contains("File exists", StringComparison.Ordinal) ? null : output.Trim();
    }

    public async Task<string?> RemoveAsync(string address, CancellationToken ct)
    {
        var (code, output) = await RunAsync(["addr", "del", $"{address}/32", "dev", "lo", "label", label], ct);
        return code == 0 || output.Contains("Cannot assign requested address", StringComparison.Ordinal) ? null : output.Trim();
    }

    async Task<(int Code, string Output)> RunAsync(string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        try
        {
            using var p = System.Diagnostics.Process.Start(psi);
            if (p is null)
                return (-1, $"could not start {binary}");
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            return (p.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{binary}: {e.Message}");
        }
    }
}
