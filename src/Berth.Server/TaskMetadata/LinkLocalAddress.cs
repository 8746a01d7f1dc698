using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// Puts Fargate's metadata address 169.254.170.2/32 on the loopback interface, so a task's packets to it, routed
/// to the host through the task bridge's gateway, are delivered to a local socket (the ECS agent's approach; no
/// NAT rule to share or clean up). Several berthds may share one host: each registers itself as a holder under an
/// exclusive file lock, and the last holder to leave removes the address, and only if a berthd added it. Holders
/// that died without leaving (kill -9) are pruned by their pid, so the state converges on the next start or stop.
/// </summary>
internal sealed partial class LinkLocalAddress(ILogger log, string stateDirectory = "/run/berth/metadata-address")
{
    public static readonly IPAddress Address = IPAddress.Parse("169.254.170.2");
    const string AddedMarker = "added-by-berth";

    readonly string _holder = Path.Combine(stateDirectory, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ensures the address is on the host and registers this process as a holder; false when it cannot (not root, no `ip`).</summary>
    public async Task<bool> AcquireAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
            return false;
        try
        {
            using var guard = await LockAsync(ct);
            PruneDeadHolders();
            if (!IsOnHost())
            {
                if (!await RunIpAsync("add", ct))
                    return false;
                await File.WriteAllTextAsync(Path.Combine(stateDirectory, AddedMarker), "", ct);
                LogAdded(log, Address.ToString());
            }
            await File.WriteAllTextAsync(_holder, "", ct);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            LogFailed(log, e, Address.ToString());
            return false;
        }
    }

    /// <summary>Unregisters this process; the last holder removes the address if a berthd added it.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        try
        {
            using var guard = await LockAsync(ct);
            File.Delete(_holder);
            PruneDeadHolders();
            var marker = Path.Combine(stateDirectory, AddedMarker);
            if (Holders().Any() || !File.Exists(marker))
                return;
            if (!IsOnHost() || await RunIpAsync("del", ct))
            {
                File.Delete(marker);
                LogRemoved(log, Address.ToString());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            LogFailed(log, e, Address.ToString());
        }
    }

    static bool IsOnHost() => NetworkInterface.GetAllNetworkInterfaces()
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Any(a => a.Address.Equals(Address));

    IEnumerable<string> Holders() => Directory.EnumerateFiles(stateDirectory).Where(f => int.TryParse(Path.GetFileName(f), out _));

    /// <summary>A holder whose process is gone left without releasing (pid reuse could keep one alive longer; harmless).</summary>
    void PruneDeadHolders()
    {
        foreach (var holder in Holders().ToList())
        {
            if (!Directory.Exists($"/proc/{Path.GetFileName(holder)}"))
                File.Delete(holder);
        }
    }

    /// <summary>An exclusive lock shared by every berthd on the host (FileShare.None is flock(LOCK_EX) on Unix).</summary>
    async Task<FileStream> LockAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(Path.GetDirectoryName(stateDirectory)!, Path.GetFileName(stateDirectory) + ".lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    async Task<bool> RunIpAsync(string verb, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "addr", verb, $"{Address}/32", "dev", "lo" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode == 0)
            return true;
        LogIpFailed(log, verb, (await error).Trim());
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added {Address}/32 to lo for the task metadata endpoint")]
    static partial void LogAdded(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Address}/32 from lo (no berthd uses it any more)")]
    static partial void LogRemoved(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ip addr {Verb} failed: {Error}")]
    static partial void LogIpFailed(ILogger logger, string verb, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot manage {Address} on lo")]
    static partial void LogFailed(ILogger logger, Exception e, string address);
}
