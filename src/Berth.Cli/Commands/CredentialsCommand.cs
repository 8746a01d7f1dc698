using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary><c>berth credentials</c>: the root access key, to give to the AWS CLI and SDKs.</summary>
static class CredentialsCommand
{
    public static Command Create()
    {
        var export = new Option<bool>("--export") { Description = "Print shell export lines: eval \"$(berth credentials --export)\"" };
        var cmd = new Command("credentials", "Show the root credentials that Berth accepts") { export };
        cmd.Examples("berth credentials", "eval \"$(berth credentials --export)\"    # then: aws --endpoint-url http://localhost:4566 ecs list-clusters");
        cmd.SetAction(parse =>
        {
            var (id, secret, _, _) = CliSettings.Root();
            if (parse.GetValue(export))
            {
                Console.WriteLine($"export AWS_ACCESS_KEY_ID={id}");
                Console.WriteLine($"export AWS_SECRET_ACCESS_KEY={secret}");
                Console.WriteLine($"export AWS_DEFAULT_REGION={CliSettings.Region}");
            }
            else
            {
                Console.WriteLine($"aws_access_key_id     = {id}");
                Console.WriteLine($"aws_secret_access_key = {secret}");
                Console.WriteLine($"region                = {CliSettings.Region}");
                Console.WriteLine($"endpoint_url          = {CliSettings.Endpoint}");
            }
            return 0;
        });
        return cmd;
    }
}
