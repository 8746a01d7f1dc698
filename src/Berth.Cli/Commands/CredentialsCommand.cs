using System.CommandLine;
using Berth.Cli.Aws;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth credentials</c>: Berth's root access key, with the endpoint and region — shown, as shell exports
/// (<c>--export</c>), or written as a named profile in ~/.aws (<c>--profile NAME</c>) for the AWS CLI, the SDKs and berth.
/// </summary>
static class CredentialsCommand
{
    /// <summary>The AWS CLI versions that read AWS_ENDPOINT_URL and a profile's endpoint_url (both from July 2023).</summary>
    public const string EndpointSupport = "The AWS CLI reads AWS_ENDPOINT_URL and a profile's endpoint_url from v2.13 and v1.29 on; an older one (Debian 12's awscli package is 2.9) ignores them and needs --endpoint-url on each command.";

    public static Command Create()
    {
        var export = new Option<bool>("--export") { Description = "Print shell export lines (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL): eval \"$(berth credentials --export)\"" };
        var cmd = new Command("credentials",
            "Show the root credentials that Berth accepts, with its endpoint and region; --export prints them as AWS_* variables, --profile NAME writes them " +
            "as a named profile (aws_access_key_id and aws_secret_access_key in ~/.aws/credentials, region and endpoint_url in ~/.aws/config; " +
            "AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move them) leaving other profiles and comments as they are. " +
            "The endpoint is --endpoint-url, else BERTH_ENDPOINT, else http://localhost:$BERTH_PORT (4566). " + EndpointSupport)
        { export };
        cmd.Examples(
            "eval \"$(berth credentials --export)\"    # then: aws ecs list-clusters",
            "berth credentials --profile berth    # then: aws --profile berth ecs list-clusters, or export AWS_PROFILE=berth",
            "berth credentials");
        cmd.SetAction(parse =>
        {
            var (id, secret, _, _) = CliSettings.RootForCredentials();
            // The root key is this machine's Berth's, so the endpoint is too: not an AWS_ENDPOINT_URL set for something else.
            var endpoint = parse.GetValue(CliSettings.EndpointOption) is { Length: > 0 } flag ? flag : CliSettings.LocalEndpoint;
            var region = CliSettings.Aws.RegionIfAny() ?? "us-east-1";
            if (CliSettings.ProfileFlag is { Length: > 0 } profile)
            {
                if (parse.GetValue(export))
                    throw new CliException("Use either --export (shell variables) or --profile NAME (a profile in ~/.aws), not both.");
                var aws = CliSettings.Aws;
                AwsProfileWriter.Write(aws.CredentialsPath, aws.ConfigPath, profile, id, secret, region, endpoint);
                var section = profile == "default" ? "[default]" : $"[profile {profile}]";
                Console.WriteLine($"Wrote profile {profile}: [{profile}] in {aws.CredentialsPath} (aws_access_key_id, aws_secret_access_key) and {section} in {aws.ConfigPath} (region = {region}, endpoint_url = {endpoint}).");
                Console.WriteLine(profile == "default"
                    ? "The AWS CLI, the SDKs and berth use it when no other profile or AWS_* key is set."
                    : $"Use it with: export AWS_PROFILE={profile}    (or --profile {profile} on each aws and berth command)");
                Console.WriteLine(EndpointSupport);
            }
            else if (parse.GetValue(export))
            {
                Console.WriteLine($"export AWS_ACCESS_KEY_ID={Quote(id)}");
                Console.WriteLine($"export AWS_SECRET_ACCESS_KEY={Quote(secret)}");
                Console.WriteLine("unset AWS_SESSION_TOKEN"); // the root key is not temporary
                Console.WriteLine($"export AWS_REGION={Quote(region)}");
                Console.WriteLine($"export AWS_DEFAULT_REGION={Quote(region)}");
                Console.WriteLine($"export AWS_ENDPOINT_URL={Quote(endpoint)}");
            }
            else
            {
                Console.WriteLine($"aws_access_key_id     = {id}");
                Console.WriteLine($"aws_secret_access_key = {secret}");
                Console.WriteLine($"region                = {region}");
                Console.WriteLine($"endpoint_url          = {endpoint}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The value as one shell word: as it is when it is plain, else in single quotes.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "+/=:._,@%-".Contains(c)) ? value : "'" + value.Replace("'", "'\\''") + "'";
}
