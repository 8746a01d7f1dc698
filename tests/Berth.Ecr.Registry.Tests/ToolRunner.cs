using System.Diagnostics;
using Xunit.Abstractions;

namespace Berth.Ecr.Registry.Tests;

/// <summary>Runs an external tool (docker, skopeo), logs its output with credentials masked, fails on a non-zero exit.</summary>
public static class ToolRunner
{
    public static async Task<string> RunAsync(ITestOutputHelper output, string file, string[] args, IReadOnlyDictionary<string, string>? env = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} {args[0]} timed out");
        }
        var text = await stdout + await stderr;
        var shown = args.Select(a => a.StartsWith("AWS:", StringComparison.Ordinal) ? "AWS:***" : a);
        output.WriteLine($"$ {file} {string.Join(' ', shown)} → {process.ExitCode}\n{text}");
        if (process.ExitCode != 0 && !allowFailure)
            throw new Xunit.Sdk.XunitException($"{file} {args[0]} failed ({process.ExitCode}): {text}");
        return text;
    }
}
