using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Elb.Haproxy.Config;
using Berth.Elb.Haproxy.Runtime;

namespace Berth.Elb.Haproxy.Process;

/// <summary>
/// The HAProxy master process of one data directory: started as a daemon in master-worker mode (so it outlives a
/// killed berthd and the next one adopts it through the pidfile and the master socket), configs checked with
/// <c>-c</c> before use, reloads through the master CLI, a graceful stop with SIGUSR1.
/// </summary>
internal sealed partial class HaproxyProcess(ProxyPaths paths, string binary)
{
    public ProxyPaths Paths => paths;

    /// <summary>The binary's full path, or null when it is not installed.</summary>
    public string? ResolveBinary()
    {
        if (binary.Contains('/', StringComparison.Ordinal))
            return File.Exists(binary) ? binary : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, binary);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The master's pid when the pidfile names a live HAProxy of this data directory.</summary>
    public int? RunningPid()
    {
        if (!File.Exists(paths.PidFile))
            return null;
        var text = File.ReadAllText(paths.PidFile).Trim();
        if (!int.TryParse(text.Split('\n')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !Native.IsAlive(pid))
            return null;
        return Native.CommandLine(pid).Contains(paths.ConfigFile, StringComparison.Ordinal) ? pid : null;
    }

    /// <summary>Runs <c>haproxy -c</c>; returns null when the file is valid, else HAProxy's alerts.</summary>
    public async Task<string?> CheckAsync(string file, CancellationToken ct)
    {
        var (code, output) = await RunAsync(["-c", "-f", file], ct);
        return code == 0 ? null : string.Join('\n', output.Split('\n').Where(l => l.Contains("ALERT", StringComparison.Ordinal)).DefaultIfEmpty(output.Trim()));
    }

    /// <summary>Starts the master as a daemon; returns null once it answers on its master socket, else why not.</summary>
    public async Task<string?> StartAsync(CancellationToken ct)
    {
        File.Delete(paths.MasterSocket);
        var (code, output) = await RunAsync(["-W", "-D", "-S", $"{paths.MasterSocket},mode,600", "-f", paths.ConfigFile, "-p", paths.PidFile], ct);
        if (code != 0)
            return output.Trim();
        for (var i = 0; i < 50; i++)
        {
            if (await MasterAnswersAsync(ct))
                return null;
            await Task.Delay(100, ct);
        }
        return "HAProxy started but its master socket does not answer";
    }

    public async Task<bool> MasterAnswersAsync(CancellationToken ct)
    {
        try
        {
            return (await HaproxySocket.SendAsync(paths.MasterSocket, "show proc", ct, TimeSpan.FromSeconds(2))).Contains("master", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Reloads through the master CLI and waits for the new worker; returns null on success, else why it failed
    /// (on failure the master keeps the old worker, which goes on serving the previous config).
    /// </summary>
    public async Task<string?> ReloadAsync(CancellationToken ct)
    {
        var before = await ProcStateAsync(ct);
        if (before is null)
            return "the master socket does not answer";
        try
        {
            await HaproxySocket.SendAsync(paths.MasterSocket, "reload", ct, TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // The master re-executes itself and may drop the connection; the counters below tell what happened.
        }
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(100, ct);
            var after = await ProcStateAsync(ct);
            if (after is null)
                continue;
            if (after.Value.Failed > before.Value.Failed)
                return "HAProxy refused the new configuration; the previous one goes on serving";
            if (after.Value.Reloads > before.Value.Reloads && await AdminAnswersAsync(ct))
                return null;
        }
        return "HAProxy did not finish reloading in time";
    }

    async Task<bool> AdminAnswersAsync(CancellationToken ct)
    {
        try
        {
            return (await HaproxySocket.SendAsync(paths.AdminSocket, "show info", ct, TimeSpan.FromSeconds(2))).Contains("Pid:", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    async Task<(int Reloads, int Failed)?> ProcStateAsync(CancellationToken ct)
    {
        try
        {
            var m = MasterLine().Match(await HaproxySocket.SendAsync(paths.MasterSocket, "show proc", ct, TimeSpan.FromSeconds(2)));
            return m.Success ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Soft stop (SIGUSR1: stop listening, finish requests), then SIGTERM, then SIGKILL.</summary>
    public async Task<bool> StopAsync(TimeSpan grace, CancellationToken ct)
    {
        if (RunningPid() is not { } pid)
            return false;
        Native.Signal(pid, Native.SigUsr1);
        var deadline = DateTime.UtcNow + grace;
        while (Native.IsAlive(pid) && DateTime.UtcNow < deadline)
            await Task.Delay(50, ct);
        if (Native.IsAlive(pid))
            Native.Signal(pid, Native.SigTerm);
        for (var i = 0; i < 40 && Native.IsAlive(pid); i++)
            await Task.Delay(50, ct);
        if (Native.IsAlive(pid))
            Native.Signal(pid, Native.SigKill);
        File.Delete(paths.PidFile);
        return true;
    }

    async Task<(int Code, string Output)> RunAsync(string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(ResolveBinary() ?? binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = paths.Directory,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("could not start " + binary);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"master\s+(\d+)\s+\[failed:\s*(\d+)\]")]
    private static partial Regex MasterLine();
}
