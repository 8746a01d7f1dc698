using System.Text.Json;

namespace Berth.Cli;

/// <summary>An access key to sign with, where it came from (for error messages), and the session token of temporary keys.</summary>
sealed record CliCredentials(string AccessKeyId, string Secret, string Source, string? SessionToken = null);

/// <summary>Where the CLI finds berthd and its credentials: environment first, then the data directory.</summary>
static class CliSettings
{
    public static string DataDirectory => Environment.GetEnvironmentVariable("BERTH_DATA_DIR") is { Length: > 0 } d
        ? Path.GetFullPath(d)
        : Path.Combine(Environment.CurrentDirectory, ".berth");

    public static string Endpoint => Environment.GetEnvironmentVariable("BERTH_ENDPOINT") is { Length: > 0 } e
        ? e
        : "http://localhost:" + (Environment.GetEnvironmentVariable("BERTH_PORT") is { Length: > 0 } p ? p : "4566");

    public static string Region => Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } r ? r : "us-east-1";

    /// <summary>
    /// The key the CLI signs with, found as the AWS tools find one in the environment: AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary keys) — an IAM user's keys work here — and
    /// otherwise the root key (<see cref="Root"/>).
    /// </summary>
    public static CliCredentials Credentials() => FromEnvironment(Environment.GetEnvironmentVariable) ?? Root();

    /// <summary>AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when both are set; a half-set pair is an error.</summary>
    public static CliCredentials? FromEnvironment(Func<string, string?> env)
    {
        var id = env("AWS_ACCESS_KEY_ID");
        var secret = env("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret))
            return null;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            throw new CliException($"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: only {(string.IsNullOrEmpty(id) ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")} is set.");
        return new CliCredentials(id, secret, "AWS_ACCESS_KEY_ID", env("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);
    }

    /// <summary>Berth's root key: BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, else the data directory's credentials.json.</summary>
    public static CliCredentials Root()
    {
        var id = Environment.GetEnvironmentVariable("BERTH_ROOT_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("BERTH_ROOT_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
            return new CliCredentials(id, secret, "BERTH_ROOT_ACCESS_KEY_ID");
        var file = Path.Combine(DataDirectory, "credentials.json");
        if (!File.Exists(file))
            throw new CliException($"No credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (an IAM user's key), or BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, or run berth where Berth keeps its data ({file} not found; set BERTH_DATA_DIR).");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return new CliCredentials(doc.RootElement.GetProperty("AccessKeyId").GetString()!, doc.RootElement.GetProperty("SecretAccessKey").GetString()!, file);
    }

    public static BerthClient Client() => new(Endpoint, Credentials(), Region);
}
