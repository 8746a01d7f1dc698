using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary><c>berth logs TASK [--follow]</c> (or <c>--task-id TASK</c>, as ecs-cli spelled it): a task's awslogs output, every container.</summary>
static class LogsCommand
{
    public static Command Create()
    {
        var task = new Argument<string?>("task") { Description = "Task id or ARN", Arity = ArgumentArity.ZeroOrOne };
        var taskId = new Option<string?>("--task-id") { Description = "Task id or ARN (the same as the argument, as ecs-cli logs --task-id)" };
        var cluster = ServerCompletions.ClusterOption();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the task stops or Ctrl-C" };
        var cmd = new Command("logs", "Print a task's container output (from its awslogs log streams)") { task, taskId, cluster, follow };
        cmd.Examples("berth logs 0f3c9a2e5b7d4c1e8a6f2b9d0c4e7a15 --cluster demo", "berth logs <task-id> -c demo --follow", "berth logs --task-id <task-id> --follow");
        cmd.SetAction(async (parse, ct) =>
        {
            var (arg, opt) = (parse.GetValue(task), parse.GetValue(taskId));
            if (arg is not null && opt is not null && arg != opt)
                throw new CliException("Name the task once: either as the argument or with --task-id.");
            var which = arg ?? opt ?? throw new CliException("Which task? Give its id: berth logs <task-id> (or --task-id <task-id>).");
            using var client = CliSettings.Client();
            await TaskLogs.PrintAsync(client, parse.GetValue(cluster)!, [which], parse.GetValue(follow), ct);
            return 0;
        });
        return cmd;
    }
}
