using System.Diagnostics;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// The test image with the AWS SDK for JavaScript v3 inside, built from local files by
/// <c>tests/task-images/aws-sdk/build.sh</c> (the acceptance journey uses the same script). The script tags the image
/// by a hash of its inputs and reuses it, so it is built once per machine and kept.
/// </summary>
public static class SdkTestImage
{
    public static async Task<string> BuildAsync(CancellationToken ct)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "task-images", "aws-sdk", "build.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}):\n{await error}");
        return (await output).Trim().Split('\n')[^1];
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Berth.slnx above {AppContext.BaseDirectory}.");
    }
}
