using System.Diagnostics;
using System.Text.Json;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// The AWS CLI v2 (/usr/bin/aws) as a user runs it against a berthd: keys in the environment, --endpoint-url, no
/// profile files of the machine. For the Query-protocol calls (IAM) the suite's own client does not speak.
/// </summary>
public sealed class AwsCli(Uri endpoint, string accessKeyId, string secretAccessKey)
{
    public const string Binary = "/usr/bin/aws";

    public async Task<JsonElement> RunAsync(CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_PAGER"] = "";
        foreach (var a in args.Concat(["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json"]))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"aws {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        var text = await output;
        return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
