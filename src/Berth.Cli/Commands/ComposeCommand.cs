using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth compose</c>: a docker-compose.yml (+ ecs-params.yml) run on Berth as ecs-cli compose ran it on ECS —
/// one task definition per project (family = project name), run as tasks or as a service.
/// </summary>
static class ComposeCommand
{
    public static Command Create()
    {
        var compose = new Command("compose", "Run a docker-compose.yml (and ecs-params.yml) as ECS tasks or a service, as ecs-cli compose did")
        {
            ComposeSession.Files, ComposeSession.EcsParamsFile, ComposeSession.ProjectOption, ComposeSession.ClusterOption, ComposeSession.CreateLogGroups, ComposeTaskCommands.Timeout,
        };
        foreach (var c in ComposeTaskCommands.Create())
            compose.Subcommands.Add(c);
        compose.Subcommands.Add(ComposeServiceCommands.Create());
        compose.Examples(
            "berth compose up --create-log-groups",
            "berth compose ps",
            "berth logs --task-id <task-id> --follow",
            "berth compose scale 2",
            "berth compose service up",
            "berth compose down",
            "berth compose -f docker-compose.yml --ecs-params ecs-params.yml -p demo --cluster demo up");
        return compose;
    }
}
