using System.CommandLine;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth compose create|up|start|scale|stop|down|ps|logs</c>: the project run as standalone tasks, as ecs-cli compose
/// ran it (RunTask with startedBy=berth-compose, so the commands find the project's tasks again).
/// </summary>
static class ComposeTaskCommands
{
    public static readonly Option<double> Timeout = new("--timeout")
    {
        Description = "Minutes to wait for tasks to run or stop (ecs-cli's --timeout)", DefaultValueFactory = _ => 5, Recursive = true,
    };

    public static IEnumerable<Command> Create()
    {
        var create = new Command("create", "Register the project's task definition (family = project name) without running it");
        create.Examples("berth compose create", "berth compose -f web.yml --ecs-params ecs-params.yml create");
        create.SetAction(async (parse, ct) =>
        {
            using var s = ComposeSession.Open(parse);
            await s.RegisterAsync(ct);
            return 0;
        });
        yield return create;

        var up = new Command("up", "Register the task definition if it changed and run the project as a task (replacing tasks of an older revision)");
        up.Examples("berth compose up", "berth compose --cluster demo up");
        up.SetAction((parse, ct) => Run(parse, ct, async (s, ct) =>
        {
            var running = await s.DescribeTasksAsync(await s.TasksAsync("RUNNING", ct), ct);
            var current = running.Where(t => Revision(t) == s.TaskDefinition).Select(t => Listing.Str(t, "taskArn")).ToList();
            var old = running.Where(t => Revision(t) != s.TaskDefinition).Select(t => Listing.Str(t, "taskArn")).ToList();
            if (old.Count > 0)
                await StopAsync(s, old, "Updated by berth compose up", Minutes(parse), ct);
            var wanted = Math.Max(1, old.Count + current.Count);
            var started = await RunAsync(s, wanted - current.Count, ct);
            await ComposeTaskWatch.UntilRunningAsync(s, [.. current, .. started], started, Minutes(parse), ct);
        }));
        yield return up;

        var start = new Command("start", "Run one task of the project, unless one is already running");
        start.SetAction((parse, ct) => Run(parse, ct, async (s, ct) =>
        {
            var running = await s.TasksAsync("RUNNING", ct);
            List<string> started = running.Count > 0 ? [] : await RunAsync(s, 1, ct);
            await ComposeTaskWatch.UntilRunningAsync(s, [.. running, .. started], started, Minutes(parse), ct);
        }));
        yield return start;

        var count = new Argument<int>("count") { Description = "How many tasks should run" };
        var scale = new Command("scale", "Run or stop tasks until COUNT of the project's tasks run") { count };
        scale.Examples("berth compose scale 2", "berth compose scale 0");
        scale.SetAction((parse, ct) => Run(parse, ct, async (s, ct) =>
        {
            var n = parse.GetValue(count);
            if (n < 0)
                throw new CliException("scale: the count cannot be negative.");
            var running = await s.TasksAsync("RUNNING", ct);
            if (running.Count > n)
                await StopAsync(s, running.Skip(n).ToList(), "Scaled down by berth compose scale", Minutes(parse), ct);
            else
            {
                var started = await RunAsync(s, n - running.Count, ct);
                await ComposeTaskWatch.UntilRunningAsync(s, [.. running, .. started], started, Minutes(parse), ct);
            }
        }));
        yield return scale;

        foreach (var (name, help) in new[] { ("stop", "Stop the project's tasks and wait until they have stopped"), ("down", "Stop the project's tasks and wait until they have stopped (the same as stop)") })
        {
            var cmd = new Command(name, help);
            cmd.SetAction(async (parse, ct) =>
            {
                using var s = ComposeSession.Open(parse);
                var running = await s.TasksAsync("RUNNING", ct);
                if (running.Count == 0)
                    s.Log.Info("No running tasks", ("project", s.Project.Name), ("cluster", s.Cluster));
                else
                    await StopAsync(s, running, "Stopped by berth compose " + name, Minutes(parse), ct);
                return 0;
            });
            yield return cmd;
        }

        var all = new Option<bool>("--all", "-a") { Description = "Include stopped tasks" };
        var ps = new Command("ps", "List the containers of the project's tasks (its service's too): Name, State, Ports, TaskDefinition, Health") { all };
        ps.WithFormat().Examples("berth compose ps", "berth compose ps --all -o json");
        ps.SetAction(async (parse, ct) =>
        {
            using var s = ComposeSession.Open(parse);
            var table = new TaskTable(s.Client, s.Cluster);
            foreach (var status in parse.GetValue(all) ? new[] { "RUNNING", "STOPPED" } : ["RUNNING"])
                await table.AddAsync(await s.FamilyTasksAsync(status, ct), ct);
            Output.Table(TaskTable.Headers, table.Rows);
            return 0;
        });
        yield return ps;

        var follow = new Option<bool>("--follow") { Description = "Keep printing new lines until the tasks stop or Ctrl-C" };
        var taskId = new Option<string?>("--task-id") { Description = "Only this task's output" };
        var logs = new Command("logs", "Print the output of the project's running tasks (their awslogs streams)") { follow, taskId };
        logs.Examples("berth compose logs", "berth compose logs --task-id <task-id> --follow");
        logs.SetAction(async (parse, ct) =>
        {
            using var s = ComposeSession.Open(parse);
            var tasks = parse.GetValue(taskId) is { } one ? [one] : await s.FamilyTasksAsync("RUNNING", ct);
            if (tasks.Count == 0)
                throw new CliException($"No running tasks of project {s.Project.Name} in cluster {s.Cluster}; start them with: berth compose up");
            await TaskLogs.PrintAsync(s.Client, s.Cluster, tasks, parse.GetValue(follow), ct);
            return 0;
        });
        yield return logs;
    }

    /// <summary>Opens the project, registers its task definition, then does <paramref name="body"/>.</summary>
    static async Task<int> Run(ParseResult parse, CancellationToken ct, Func<ComposeSession, CancellationToken, Task> body)
    {
        using var s = ComposeSession.Open(parse);
        await s.RegisterAsync(ct);
        await body(s, ct);
        return 0;
    }

    static TimeSpan Minutes(ParseResult parse) => TimeSpan.FromMinutes(Math.Clamp(parse.GetValue(Timeout), 0.05, 600));

    static string Revision(System.Text.Json.JsonElement task) => Listing.Str(task, "taskDefinitionArn").Split('/')[^1];

    /// <summary>RunTask, at most 10 a call as ECS allows; the new tasks' ARNs.</summary>
    public static async Task<List<string>> RunAsync(ComposeSession s, int count, CancellationToken ct)
    {
        var arns = new List<string>();
        while (arns.Count < count)
        {
            var req = new JsonObject
            {
                ["cluster"] = s.Cluster,
                ["taskDefinition"] = s.TaskDefinition,
                ["count"] = Math.Min(10, count - arns.Count),
                ["launchType"] = "FARGATE",
                ["startedBy"] = ComposeSession.StartedBy,
                ["group"] = "compose:" + s.Project.Name,
            };
            if (s.Project.NetworkConfiguration is { } network)
                req["networkConfiguration"] = network.DeepClone();
            var resp = await s.Client.CallAsync("ecs", Listing.Ecs + "RunTask", req.ToJsonString(), ct);
            if (resp.TryGetProperty("failures", out var failures) && failures.GetArrayLength() > 0)
                throw new CliException($"RunTask failed: {Listing.Str(failures[0], "reason")} {Listing.Str(failures[0], "detail")}".TrimEnd());
            arns.AddRange(resp.GetProperty("tasks").EnumerateArray().Select(t => Listing.Str(t, "taskArn")));
        }
        return arns;
    }

    static async Task StopAsync(ComposeSession s, List<string> arns, string reason, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var arn in arns)
        {
            foreach (var name in s.Project.ContainerNames)
                s.Log.Info("Stopping container...", ("container", $"{ComposeTaskWatch.Id(arn)}/{name}"));
            await s.Client.CallAsync("ecs", Listing.Ecs + "StopTask", new JsonObject { ["cluster"] = s.Cluster, ["task"] = arn, ["reason"] = reason }.ToJsonString(), ct);
        }
        await ComposeTaskWatch.UntilStoppedAsync(s, arns, timeout, ct);
    }
}
