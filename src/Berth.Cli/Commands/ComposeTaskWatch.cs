using System.Diagnostics;
using System.Text.Json;

namespace Berth.Cli.Commands;

/// <summary>
/// Follows tasks as ecs-cli did after RunTask/StopTask: a "Describe ECS container status" line per container whenever
/// its task's status changes (and every 10 s while it does not), until every task is RUNNING (or STOPPED, for stop).
/// </summary>
static class ComposeTaskWatch
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250); // DescribeTasks is cheap; RUNNING is reported within a quarter second
    static readonly TimeSpan Repeat = TimeSpan.FromSeconds(10);

    /// <summary>Waits until every task runs; a task that stops instead ends the command with its reason.</summary>
    public static async Task UntilRunningAsync(ComposeSession s, IReadOnlyList<string> taskArns, IReadOnlyList<string> started, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var id in started.Select(Id))
        {
            foreach (var name in s.Project.ContainerNames)
                s.Log.Info("Starting container...", ("container", $"{id}/{name}"));
        }
        var reported = new HashSet<string>();
        await WatchAsync(s, taskArns, "RUNNING", timeout, ct, task =>
        {
            var id = Id(Listing.Str(task, "taskArn"));
            var status = Listing.Str(task, "lastStatus");
            if (status == "STOPPED")
            {
                var reason = Listing.Str(task, "stoppedReason");
                var exits = task.GetProperty("containers").EnumerateArray()
                    .Where(c => c.TryGetProperty("exitCode", out var e) && e.ValueKind == JsonValueKind.Number)
                    .Select(c => $"{Listing.Str(c, "name")} exited with {c.GetProperty("exitCode").GetInt32()}").ToList();
                var detail = string.Join("; ", new[] { reason }.Concat(exits).Where(x => x.Length > 0));
                s.Log.Error("Task stopped", ("task", id), ("reason", detail));
                var hint = detail.Contains("log group", StringComparison.Ordinal) ? "Create the log group, or run again with --create-log-groups." : $"See its output with: berth logs {id} -c {s.Cluster}";
                throw new CliException($"Task {id} stopped instead of running: {(detail.Length > 0 ? detail : "no reason given")}. {hint}");
            }
            if (status == "RUNNING" && reported.Add(id))
            {
                foreach (var c in task.GetProperty("containers").EnumerateArray())
                    s.Log.Info("Started container...", ("container", $"{id}/{Listing.Str(c, "name")}"), ("desiredStatus", "RUNNING"), ("lastStatus", "RUNNING"), ("taskDefinition", Family(task)));
            }
            return status == "RUNNING";
        });
    }

    /// <summary>Waits until every task has stopped.</summary>
    public static Task UntilStoppedAsync(ComposeSession s, IReadOnlyList<string> taskArns, TimeSpan timeout, CancellationToken ct)
    {
        var stopped = new HashSet<string>();
        return WatchAsync(s, taskArns, "STOPPED", timeout, ct, task =>
        {
            var done = Listing.Str(task, "lastStatus") == "STOPPED";
            if (done && stopped.Add(Listing.Str(task, "taskArn")))
            {
                foreach (var c in task.GetProperty("containers").EnumerateArray())
                    s.Log.Info("Stopped container...", ("container", $"{Id(Listing.Str(task, "taskArn"))}/{Listing.Str(c, "name")}"), ("desiredStatus", "STOPPED"), ("lastStatus", "STOPPED"), ("taskDefinition", Family(task)));
            }
            return done;
        });
    }

    static async Task WatchAsync(ComposeSession s, IReadOnlyList<string> taskArns, string goal, TimeSpan timeout, CancellationToken ct, Func<JsonElement, bool> reached)
    {
        var clock = Stopwatch.StartNew();
        var printed = new Dictionary<string, (string Status, TimeSpan At)>();
        try
        {
            while (true)
            {
                var tasks = await s.DescribeTasksAsync(taskArns, ct);
                var pending = 0;
                foreach (var task in tasks)
                {
                    var status = Listing.Str(task, "lastStatus");
                    foreach (var c in task.GetProperty("containers").EnumerateArray())
                    {
                        var key = $"{Id(Listing.Str(task, "taskArn"))}/{Listing.Str(c, "name")}";
                        if (status != goal && (!printed.TryGetValue(key, out var last) || last.Status != status || clock.Elapsed - last.At >= Repeat))
                        {
                            s.Log.Info("Describe ECS container status", ("container", key), ("desiredStatus", Listing.Str(task, "desiredStatus")), ("lastStatus", status), ("taskDefinition", Family(task)));
                            printed[key] = (status, clock.Elapsed);
                        }
                    }
                    if (!reached(task))
                        pending++;
                }
                if (pending == 0)
                    return;
                var states = tasks.Where(t => Listing.Str(t, "lastStatus") != goal).GroupBy(t => Listing.Str(t, "lastStatus")).Select(g => $"{g.Count()} {g.Key}");
                s.Log.Status($"waiting for {pending} of {tasks.Count} task(s) to be {goal}: {string.Join(", ", states)} ({(int)clock.Elapsed.TotalSeconds}s)");
                if (clock.Elapsed > timeout)
                    throw new CliException($"Timed out after {(int)timeout.TotalSeconds}s waiting for tasks to be {goal}; see them with: berth compose ps -c {s.Cluster}");
                await Task.Delay(Poll, ct);
            }
        }
        finally
        {
            s.Log.Status(null);
        }
    }

    public static string Id(string taskArn) => taskArn.Split('/')[^1];

    static string Family(JsonElement task) => Listing.Str(task, "taskDefinitionArn").Split('/')[^1];
}
