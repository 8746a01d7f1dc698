using System.CommandLine;
using Berth.Cli;
using Berth.Cli.Commands;

var root = new RootCommand("berth — run Fargate-style tasks on your own machines. Examples:\n  berth up\n  eval \"$(berth credentials --export)\"\n  berth ps --cluster demo\n  berth logs <task-id> --cluster demo --follow\n  berth top\n  berth metrics web --cluster demo\n  berth init --name web --port 8080 && berth deploy")
{
    UpCommand.Create(),
    CredentialsCommand.Create(),
    PsCommand.Create(),
    LogsCommand.Create(),
    TopCommand.Create(),
    MetricsCommand.Create(),
    InitCommand.Create(),
    DeployCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    Output.Error(e.Message);
    return 1;
}
