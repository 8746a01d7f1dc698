using System.CommandLine;
using System.Text.Json;
using Berth.Cli.Aws;

namespace Berth.Cli;

/// <summary>An access key to sign with, where it came from (for error messages), and the session token of temporary keys.</summary>
sealed record CliCredentials(string AccessKeyId, string Secret, string Source, string? SessionToken = null);

/// <summary>
/// Where the CLI finds berthd, its credentials and its region: the AWS conventions first (<see cref="AwsConfig"/>:
/// the global flags, AWS_* variables, ~/.aws/config and ~/.aws/credentials), then Berth's own — BERTH_ENDPOINT (or
/// localhost:BERTH_PORT) and the root key in BERTH_ROOT_* or the data directory.
/// </summary>
static class CliSettings
{
    public static readonly Option<string?> ProfileOption = new("--profile")
    {
        Description = "The AWS profile (~/.aws/config, ~/.aws/credentials) to take credentials, region and endpoint_url from; with `berth credentials`, the profile to write",
        HelpName = "name",
        Recursive = true,
    };

    public static readonly Option<string?> EndpointOption = new("--endpoint-url")
    {
        Description = "Berth's endpoint (default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url, BERTH_ENDPOINT, http://localhost:4566)",
        HelpName = "url",
        Recursive = true,
    };

    public static readonly Option<string?> RegionOption = new("--region")
    {
        Description = "The region to sign for (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)",
        HelpName = "region",
        Recursive = true,
    };

    static AwsInputs _inputs = Inputs(null, null, null);
    static AwsConfig? _aws;

    /// <summary>Reads the global flags from the parse result; called before the command runs.</summary>
    public static void Configure(ParseResult parse)
    {
        if (parse.Errors.Count == 0)
            _inputs = Inputs(parse.GetValue(ProfileOption), parse.GetValue(EndpointOption), parse.GetValue(RegionOption));
        _aws = null;
    }

    static AwsInputs Inputs(string? profile, string? endpoint, string? region) => new(
        Environment.GetEnvironmentVariable,
        path => File.Exists(path) ? File.ReadAllText(path) : null,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        profile, endpoint, region);

    /// <summary>The AWS view of this run's flags, environment and files.</summary>
    public static AwsConfig Aws => _aws ??= new AwsConfig(_inputs);

    /// <summary>The <c>--profile</c> flag, for <c>berth credentials --profile NAME</c>.</summary>
    public static string? ProfileFlag => _inputs.ProfileFlag;

    public static string DataDirectory => Environment.GetEnvironmentVariable("BERTH_DATA_DIR") is { Length: > 0 } d
        ? Path.GetFullPath(d)
        : Path.Combine(Environment.CurrentDirectory, ".berth");

    /// <summary>The berthd of this machine: BERTH_ENDPOINT, else localhost:BERTH_PORT (4566) — where <c>berth up</c> starts one.</summary>
    public static string LocalEndpoint => Environment.GetEnvironmentVariable("BERTH_ENDPOINT") is { Length: > 0 } e
        ? e
        : "http://localhost:" + (Environment.GetEnvironmentVariable("BERTH_PORT") is { Length: > 0 } p ? p : "4566");

    /// <summary>The endpoint for calls signed for <paramref name="signingName"/>: the AWS sources', else <see cref="LocalEndpoint"/>.</summary>
    public static string EndpointFor(string signingName) => Aws.Endpoint(ServiceId(signingName)) ?? LocalEndpoint;

    /// <summary>The ECS endpoint, the one berth names in messages.</summary>
    public static string Endpoint => EndpointFor("ecs");

    public static string Region => Aws.Region() ?? "us-east-1";

    /// <summary>
    /// botocore's service id (which names AWS_ENDPOINT_URL_&lt;ID&gt; and the key in a <c>[services]</c> section) of each
    /// service berth calls, by the name it signs for.
    /// </summary>
    public static string ServiceId(string signingName) => signingName switch
    {
        "logs" => "cloudwatch_logs",
        "elasticloadbalancing" => "elastic_load_balancing_v2",
        "monitoring" => "cloudwatch",
        "application-autoscaling" => "application_auto_scaling",
        _ => signingName.Replace('-', '_'), // ecs, ecr, iam, sts, servicediscovery
    };

    /// <summary>The key the CLI signs with: the AWS chain's (<see cref="AwsConfig.Credentials"/>), else Berth's root key.</summary>
    public static CliCredentials Credentials() => Aws.Credentials() ?? Root();

    /// <summary>Berth's root key: BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, else the data directory's credentials.json.</summary>
    public static CliCredentials Root() => FindRoot() ?? throw new CliException(
        "No credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (or --profile) naming a profile in ~/.aws/credentials — " +
        "`berth credentials --profile berth` writes one — or run berth where Berth keeps its data " +
        $"({Path.Combine(DataDirectory, "credentials.json")} not found; set BERTH_DATA_DIR) or with BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY.");

    /// <summary>The root key for <c>berth credentials</c>, which only Berth itself can give.</summary>
    public static CliCredentials RootForCredentials() => FindRoot() ?? throw new CliException(
        $"Berth's root key is not here: {Path.Combine(DataDirectory, "credentials.json")} not found. Run `berth credentials` in the folder where `make up` " +
        "ran (Berth keeps its data in ./.berth), or set BERTH_DATA_DIR to Berth's data directory, or BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY.");

    static CliCredentials? FindRoot()
    {
        var id = Environment.GetEnvironmentVariable("BERTH_ROOT_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("BERTH_ROOT_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
            return new CliCredentials(id, secret, "BERTH_ROOT_ACCESS_KEY_ID");
        var file = Path.Combine(DataDirectory, "credentials.json");
        if (!File.Exists(file))
            return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return new CliCredentials(doc.RootElement.GetProperty("AccessKeyId").GetString()!, doc.RootElement.GetProperty("SecretAccessKey").GetString()!, file);
    }

    public static BerthClient Client() => new(EndpointFor, Credentials(), Region);
}
