using System.ComponentModel;
using System.Diagnostics;

namespace Berth.Network.Nftables;

/// <summary>The <c>nft</c> command: a ruleset applied in one transaction from standard input, and a table removed.</summary>
public static class Nft
{
    /// <summary>Applies <paramref name="ruleset"/> atomically (all of it or nothing); throws with nft's words when it is refused.</summary>
    public static async Task ApplyAsync(string ruleset, CancellationToken ct)
    {
        var (code, error) = await RunAsync(["-f", "-"], ruleset, ct);
        if (code != 0)
            throw new InvalidOperationException($"nft refused the packet filter (berthd must run as root with nftables installed): {error.Trim()}");
    }

    /// <summary>Removes Berth's table (tests and a filter turned off); a table that is not there is not an error.</summary>
    public static async Task DeleteTableAsync(string table, CancellationToken ct)
    {
        // Declaring it first makes the delete succeed whether or not it existed.
        await RunAsync(["-f", "-"], $"table inet {table} {{}}\ndelete table inet {table}\n", ct);
    }

    /// <summary>The table as nft lists it now; empty when it is not there.</summary>
    public static async Task<string> ListTableAsync(string table, CancellationToken ct)
    {
        var start = Start(["list", "table", "inet", table]);
        using var process = StartProcess(start);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? await output : "";
    }

    static async Task<(int Code, string Error)> RunAsync(string[] args, string input, CancellationToken ct)
    {
        using var process = StartProcess(Start(args));
        await process.StandardInput.WriteAsync(input.AsMemory(), ct);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await error);
    }

    static ProcessStartInfo Start(string[] args)
    {
        var start = new ProcessStartInfo("nft") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        return start;
    }

    static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The packet filter needs nft, which is missing ({e.Message}): install nftables.", e);
        }
    }
}
