using System.CommandLine;
using Berth.Cli;
using Berth.Cli.Commands;

var root = new RootCommand("berth — run Fargate-style tasks and services on your own machines, with the AWS CLI's words")
{
    UpCommand.Create(),
    CredentialsCommand.Create(),
    ClustersCommand.Create(),
    ServicesCommand.Create(),
    DiscoveryCommand.Create(),
    PsCommand.Create(),
    LogsCommand.Create(),
    ComposeCommand.Create(),
    TopCommand.Create(),
    MetricsCommand.Create(),
    InitCommand.Create(),
    DeployCommand.Create(),
    CompletionCommand.Create(),
    CliSettings.ProfileOption,
    CliSettings.EndpointOption,
    CliSettings.RegionOption,
};
root.Examples(
    "berth up",
    "eval \"$(berth credentials --export)\"    # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL",
    "berth credentials --profile berth && export AWS_PROFILE=berth    # or a profile in ~/.aws",
    "berth clusters",
    "berth services --cluster demo",
    "berth discovery internal.local",
    "berth ps --cluster demo",
    "berth logs <task-id> --cluster demo --follow",
    "berth compose up",
    "berth top",
    "berth metrics web --cluster demo",
    "berth init --name web --port 8080 && berth deploy",
    "source <(berth completion bash)");
HelpExamples.Install(root);
try
{
    var parse = root.Parse(args);
    Output.Configure(parse);
    CliSettings.Configure(parse);
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    Output.Error(e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    return 130; // Ctrl-C, as shells report SIGINT
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or System.Text.Json.JsonException or TimeoutException)
{
    Output.Error($"{e.Message} ({e.GetType().Name}). If this keeps happening, point berth at a running Berth (--endpoint-url, AWS_ENDPOINT_URL or BERTH_ENDPOINT) and report it.");
    return 2;
}
