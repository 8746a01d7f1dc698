using System.Text.Json;

namespace Berth.Cli;

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

    public static (string AccessKeyId, string Secret) Credentials()
    {
        var id = Environment.GetEnvironmentVariable("BERTH_ROOT_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("BERTH_ROOT_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
            return (id, secret);
        var file = Path.Combine(DataDirectory, "credentials.json");
        if (!File.Exists(file))
            throw new CliException($"No credentials: set BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, or run berth where Berth keeps its data ({file} not found; set BERTH_DATA_DIR).");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return (doc.RootElement.GetProperty("AccessKeyId").GetString()!, doc.RootElement.GetProperty("SecretAccessKey").GetString()!);
    }

    public static BerthClient Client()
    {
        var (id, secret) = Credentials();
        return new BerthClient(Endpoint, id, secret, Region);
    }
}
