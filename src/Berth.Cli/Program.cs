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
};
root.Examples(
    "berth up",
    "eval \"$(berth credentials --export)\"",
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
    Output.Error($"{e.Message} ({e.GetType().Name}). If this keeps happening, run with BERTH_ENDPOINT pointing at a running Berth and report it.");
    return 2;
}
